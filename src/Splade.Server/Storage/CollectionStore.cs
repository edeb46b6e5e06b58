using System.Collections.Concurrent;
using Splade.Index.Storage;

namespace Splade.Server.Storage;

/// <summary>The collections of a data folder (<c>DATA/collections/NAME</c>): opened at start, created and deleted whole.</summary>
/// <remarks>
/// A collection is created in <c>DATA/tmp</c> and renamed into place, and deleted by renaming it into <c>DATA/tmp</c> first, so
/// that a crash never leaves half a collection; <c>DATA/tmp</c> is emptied at start. A collection whose files are damaged is
/// listed but answers every request with the reason, while the others keep serving.
/// </remarks>
internal sealed class CollectionStore : IDisposable
{
    private const int MaxNameLength = 255;
    private readonly ConcurrentDictionary<string, Collection> _collections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _broken = new(StringComparer.Ordinal);
    private readonly Lock _structureLock = new();
    private readonly string _root;
    private readonly string _temporary;

    public CollectionStore(string dataFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataFolder);
        DataFolder = Path.GetFullPath(dataFolder);
        _root = Path.Combine(DataFolder, "collections");
        _temporary = Path.Combine(DataFolder, "tmp");
        Directory.CreateDirectory(_root);
        if (Directory.Exists(_temporary))
        {
            Directory.Delete(_temporary, recursive: true);
        }

        Directory.CreateDirectory(_temporary);
        foreach (var folder in Directory.EnumerateDirectories(_root))
        {
            var name = Path.GetFileName(folder);
            try
            {
                _collections[name] = Collection.Open(name, folder);
            }
            catch (StoreException error) when (error.Kind == StoreErrorKind.Unavailable)
            {
                _broken[name] = error.Message;
            }
        }
    }

    /// <summary>The data folder, as a full path.</summary>
    public string DataFolder { get; }

    /// <summary>Every collection's name, damaged ones included, in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _collections.Keys.Concat(_broken.Keys).Order(StringComparer.Ordinal)];

    /// <summary>The damaged collections and why they cannot serve.</summary>
    public IReadOnlyDictionary<string, string> Broken => _broken;

    public bool Exists(string name) => _collections.ContainsKey(name) || _broken.ContainsKey(name);

    /// <summary>Takes a collection for the length of a request; deleting it waits until the lease is disposed.</summary>
    /// <exception cref="StoreException">It does not exist (or is being deleted), or its files are damaged.</exception>
    public CollectionLease Acquire(string name)
    {
        if (_collections.TryGetValue(name, out var collection) && collection.TryEnter())
        {
            return new CollectionLease(collection);
        }

        if (_broken.TryGetValue(name, out var reason))
        {
            throw new StoreException(StoreErrorKind.Unavailable, reason);
        }

        throw StoreException.CollectionMissing(name);
    }

    /// <summary>Every open collection (for shutdown and metrics).</summary>
    public IReadOnlyCollection<Collection> Open => [.. _collections.Values];

    /// <summary>Creates a collection; its vector folders are assigned here.</summary>
    /// <exception cref="StoreException">The name is invalid, or a collection with that name exists.</exception>
    public void Create(string name, CollectionConfig config)
    {
        ValidateName(name);
        config = config.WithVectorFolders();
        lock (_structureLock)
        {
            if (Exists(name))
            {
                throw new StoreException(StoreErrorKind.AlreadyExists, $"Collection `{name}` already exists!");
            }

            var staging = Path.Combine(_temporary, "create-" + Guid.NewGuid().ToString("N"));
            var target = Path.Combine(_root, name);
            try
            {
                Collection.Initialize(staging, config);
                Directory.Move(staging, target);
                FolderSync.Flush(_root);
            }
            catch
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }

                throw;
            }

            _collections[name] = Collection.Open(name, target);
        }
    }

    /// <summary>Deletes a collection once the requests using it have finished.</summary>
    /// <returns>False when no such collection existed.</returns>
    public bool Delete(string name)
    {
        Collection? collection;
        lock (_structureLock)
        {
            if (!_collections.TryRemove(name, out collection) && !_broken.TryRemove(name, out _))
            {
                return false;
            }
        }

        collection?.CloseWhenIdle();
        var source = Path.Combine(_root, name);
        var trash = Path.Combine(_temporary, "delete-" + Guid.NewGuid().ToString("N"));
        Directory.Move(source, trash);
        FolderSync.Flush(_root);
        Directory.Delete(trash, recursive: true);
        return true;
    }

    /// <summary>Checkpoints and closes every collection.</summary>
    public void Dispose()
    {
        foreach (var collection in _collections.Values)
        {
            collection.CloseWhenIdle();
        }

        _collections.Clear();
    }

    /// <summary>Qdrant's rule for collection names: 1 to 255 characters, none of <c>&lt;&gt;:"/\|?*</c> or control characters,
    /// and not <c>.</c> or <c>..</c>.</summary>
    public static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name is "." or ".."
            || name.Any(c => char.IsControl(c) || c is '<' or '>' or ':' or '"' or '/' or '\\' or '|' or '?' or '*'))
        {
            throw StoreException.Validation(
                "Validation error in path parameters: [name: collection name must be 1 to " + MaxNameLength
                + " characters, none of <>:\"/\\|?* or control characters, and not . or ..]");
        }
    }
}
