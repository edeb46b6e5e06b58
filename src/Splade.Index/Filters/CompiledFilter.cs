using Splade.Index.Segments;

namespace Splade.Index.Filters;

/// <summary>A <see cref="MetadataFilter"/> compiled against one segment's <see cref="TypedMetadata"/> (<see cref="MetadataFilter.Compile"/>):
/// it answers for a document's root node exactly as the filter answers for the document's JSON, without parsing anything.</summary>
internal abstract class CompiledFilter
{
    /// <summary>Whether the document (or nested object) whose root object node is <paramref name="root"/> matches; -1 stands for a
    /// document without metadata.</summary>
    public abstract bool Matches(int root);

    public sealed class Constant(bool result) : CompiledFilter
    {
        public override bool Matches(int root) => result;
    }

    public sealed class Negated(CompiledFilter inner) : CompiledFilter
    {
        public override bool Matches(int root) => !inner.Matches(root);
    }

    /// <summary>At least <paramref name="minimum"/> of <paramref name="filters"/> match.</summary>
    public sealed class Combined(CompiledFilter[] filters, int minimum) : CompiledFilter
    {
        public override bool Matches(int root)
        {
            var matched = 0;
            for (var i = 0; i < filters.Length; i++)
            {
                if (filters[i].Matches(root))
                {
                    if (++matched == minimum)
                    {
                        return true;
                    }
                }
                else if (filters.Length - i - 1 < minimum - matched)
                {
                    return false;
                }
            }

            return false;
        }
    }

    /// <summary>One value the path reaches passes the condition, an array's elements counting one by one.</summary>
    public sealed class Field(CompiledPath path, CompiledCondition condition, TypedMetadata metadata) : CompiledFilter
    {
        public override bool Matches(int root)
        {
            var visitor = new ValueOrElements<Condition>(new Condition(condition), metadata);
            return path.Any(root, ref visitor);
        }

        private readonly struct Condition(CompiledCondition condition) : INodeVisitor
        {
            public bool Visit(int node) => condition.Matches(node);
        }
    }

    /// <summary>One object among the values the path reaches (the value itself, or an element of an array) matches the inner
    /// filter, whose paths start at that object.</summary>
    public sealed class Nested(CompiledPath path, CompiledFilter inner, TypedMetadata metadata) : CompiledFilter
    {
        public override bool Matches(int root)
        {
            var visitor = new ValueOrElements<MatchingObject>(new MatchingObject(inner, metadata), metadata);
            return path.Any(root, ref visitor);
        }

        private readonly struct MatchingObject(CompiledFilter inner, TypedMetadata metadata) : INodeVisitor
        {
            public bool Visit(int node) => metadata.Kind(node) == MetadataKind.Object && inner.Matches(node);
        }
    }

    /// <summary>Passes a value the path reaches to <typeparamref name="TTest"/>, or, when it is an array, each of its elements in
    /// turn until one passes (elements that are arrays themselves are not opened).</summary>
    private readonly struct ValueOrElements<TTest>(TTest test, TypedMetadata metadata) : INodeVisitor
        where TTest : struct, INodeVisitor
    {
        public bool Visit(int node)
        {
            if (metadata.Kind(node) != MetadataKind.Array)
            {
                return test.Visit(node);
            }

            for (int element = node + 1, end = metadata.End(node); element < end; element = metadata.End(element))
            {
                if (test.Visit(element))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The conditions on the set of values a path reaches: emptiness, null, and value counts.</summary>
    public sealed class Values(CompiledPath path, TypedMetadata metadata, Values.Test test, int min, int max) : CompiledFilter
    {
        public enum Test
        {
            IsEmpty,
            IsNull,
            Count,
        }

        public override bool Matches(int root)
        {
            var visitor = new ValueVisitor(metadata, test, min, max);
            var found = path.Any(root, ref visitor);
            return test switch
            {
                // Empty: no value other than null or an empty array.
                Test.IsEmpty => !found,
                Test.IsNull => found,
                _ => found || (!visitor.Seen && min == 0),
            };
        }

        private struct ValueVisitor(TypedMetadata metadata, Test test, int min, int max) : INodeVisitor
        {
            public bool Seen { get; private set; }

            public bool Visit(int node)
            {
                Seen = true;
                var kind = metadata.Kind(node);
                switch (test)
                {
                    case Test.IsEmpty:
                        return kind != MetadataKind.Null && !(kind == MetadataKind.Array && metadata.End(node) == node + 1);
                    case Test.IsNull:
                        return kind == MetadataKind.Null;
                    default:
                        var count = kind switch
                        {
                            MetadataKind.Null => 0,
                            MetadataKind.Array => Elements(node),
                            _ => 1,
                        };
                        return count >= min && count <= max;
                }
            }

            private readonly int Elements(int array)
            {
                var count = 0;
                for (int element = array + 1, end = metadata.End(array); element < end; element = metadata.End(element))
                {
                    count++;
                }

                return count;
            }
        }
    }
}
