namespace Splade.Core;

public sealed partial class SparseVector
{
    private static void Validate(ReadOnlySpan<uint> indices, ReadOnlySpan<float> values, uint dimension)
    {
        if (indices.Length != values.Length)
        {
            throw new ArgumentException($"A sparse vector needs one value per index: got {indices.Length} indices and {values.Length} values.", nameof(values));
        }

        for (var i = 0; i < indices.Length; i++)
        {
            if (indices[i] >= dimension)
            {
                throw new ArgumentException($"indices[{i}] = {indices[i]} is beyond the vector's dimension {dimension}.", nameof(indices));
            }

            if (i > 0 && indices[i] <= indices[i - 1])
            {
                var problem = indices[i] == indices[i - 1] ? "duplicates" : "is smaller than";
                throw new ArgumentException(
                    $"indices[{i}] = {indices[i]} {problem} indices[{i - 1}] = {indices[i - 1]}; indices must be strictly increasing.", nameof(indices));
            }

            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"values[{i}] (index {indices[i]}) is {values[i]}; weights must be finite numbers.", nameof(values));
            }
        }
    }

    private static bool IsValid(ReadOnlySpan<uint> indices, ReadOnlySpan<float> values, uint dimension)
    {
        try
        {
            Validate(indices, values, dimension);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
