using Splade.Server.Storage;

namespace Splade.Cluster.Wire;

/// <summary>A refusal of a shard or of the shard map (bad input, a missing collection, ...), carried between silos and turned back
/// into the server's <see cref="StoreException"/> by the caller.</summary>
[GenerateSerializer]
internal sealed class ShardException : Exception
{
    public ShardException()
    {
    }

    public ShardException(string message)
        : base(message)
    {
    }

    public ShardException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ShardException(StoreErrorKind kind, string message)
        : base(message)
    {
        Kind = (int)kind;
    }

    /// <summary>The <see cref="StoreErrorKind"/>, as a number.</summary>
    [Id(0)]
    public int Kind { get; init; }

    public StoreException ToStoreException() => new((StoreErrorKind)Kind, Message);

    /// <summary>Runs <paramref name="action"/>, turning a <see cref="StoreException"/> into a <see cref="ShardException"/>.</summary>
    public static async Task<T> Wrap<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (StoreException error)
        {
            throw new ShardException(error.Kind, error.Message);
        }
    }
}
