using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>A <see cref="FieldPath"/> resolved against one segment's <see cref="TypedMetadata"/>: its keys are string ids of the
/// segment's pool, so that walking a document compares integers.</summary>
internal sealed class CompiledPath
{
    /// <summary>The index of an array step that selects every element.</summary>
    public const int AllElements = -1;

    private readonly TypedMetadata _metadata;
    private readonly int[] _keys;
    private readonly int[] _indices;
    private readonly bool _unreachable;

    /// <param name="metadata">The segment's typed metadata.</param>
    /// <param name="keys">Per step, the key's string id (-1 when the segment has no such string), or null for an array step.</param>
    /// <param name="indices">Per array step, the element index or <see cref="AllElements"/>.</param>
    public CompiledPath(TypedMetadata metadata, int?[] keys, int[] indices)
    {
        _metadata = metadata;
        _keys = new int[keys.Length];
        _indices = indices;
        for (var i = 0; i < keys.Length; i++)
        {
            _keys[i] = keys[i] ?? int.MinValue;
            _unreachable |= keys[i] == -1;
        }
    }

    /// <summary>Visits the values the path reaches from the object <paramref name="root"/> (-1: a document without metadata, which
    /// has none) until <paramref name="visitor"/> returns true; returns whether it did.</summary>
    public bool Any<TVisitor>(int root, ref TVisitor visitor)
        where TVisitor : struct, INodeVisitor
        => root >= 0 && !_unreachable && Walk(root, 0, ref visitor);

    private bool Walk<TVisitor>(int node, int step, ref TVisitor visitor)
        where TVisitor : struct, INodeVisitor
    {
        if (step == _keys.Length)
        {
            return visitor.Visit(node);
        }

        var metadata = _metadata;
        var key = _keys[step];
        if (key != int.MinValue)
        {
            if (metadata.Kind(node) != MetadataKind.Object)
            {
                return false;
            }

            for (int child = node + 1, end = metadata.End(node); child < end; child = metadata.End(child))
            {
                if (metadata.Key(child) == key)
                {
                    return Walk(child, step + 1, ref visitor);
                }
            }

            return false;
        }

        if (metadata.Kind(node) != MetadataKind.Array)
        {
            return false;
        }

        var index = _indices[step];
        var position = 0;
        for (int child = node + 1, end = metadata.End(node); child < end; child = metadata.End(child), position++)
        {
            if (index == AllElements)
            {
                if (Walk(child, step + 1, ref visitor))
                {
                    return true;
                }
            }
            else if (position == index)
            {
                return Walk(child, step + 1, ref visitor);
            }
        }

        return false;
    }
}

/// <summary>What a <see cref="CompiledPath"/> does with each value it reaches: returns true to stop (the value decided the answer).</summary>
internal interface INodeVisitor
{
    bool Visit(int node);
}
