namespace Splade.Checkpoints.Weights;

/// <summary>A global the allow list admitted, such as <c>torch._utils._rebuild_tensor_v2</c>: a name, never code.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}

/// <summary>The persistent id of a tensor storage: its element type and its record in the zip archive.</summary>
internal sealed record PickleStorage(WeightDType DType, string Key, long ElementCount);

/// <summary>A tensor rebuilt by <c>_rebuild_tensor_v2</c>: a view of a storage.</summary>
internal sealed record PickleTensor(PickleStorage Storage, long Offset, long[] Shape, long[] Stride);

/// <summary>The stack mark of the pickle machine.</summary>
internal sealed class PickleMark
{
    public static readonly PickleMark Instance = new();
}

/// <summary>A dict (or OrderedDict) in insertion order.</summary>
internal sealed class PickleDict
{
    public List<KeyValuePair<object?, object?>> Items { get; } = [];
}
