namespace Splade.Cluster.Hosting;

/// <summary>The shard replicas active on this silo (each claims its key while it is active), so that the sweep of forgotten replica
/// folders (<see cref="ReplicaSweeper"/>) never deletes a folder a replica has open, is copying into or is about to create.</summary>
/// <remarks>Thread safety: every member may be called from any thread.</remarks>
internal sealed class ReplicaFolders
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);

    /// <summary>A replica activates: its folders are its own until <see cref="Release"/>.</summary>
    public void Claim(string key)
    {
        lock (_lock)
        {
            _claimed.Add(key);
        }
    }

    public void Release(string key)
    {
        lock (_lock)
        {
            _claimed.Remove(key);
        }
    }

    /// <summary>Runs <paramref name="delete"/> unless <paramref name="key"/> is claimed, with no claim made meanwhile.</summary>
    /// <returns>Whether it ran.</returns>
    public bool UnlessClaimed(string key, Action delete)
    {
        lock (_lock)
        {
            if (_claimed.Contains(key))
            {
                return false;
            }

            delete();
            return true;
        }
    }

    /// <summary>Runs <paramref name="delete"/> unless a replica of <paramref name="collection"/> is claimed.</summary>
    public bool UnlessCollectionClaimed(string collection, Action delete)
    {
        var prefix = collection + "/";
        lock (_lock)
        {
            if (_claimed.Any(key => key.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return false;
            }

            delete();
            return true;
        }
    }
}
