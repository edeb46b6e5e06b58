using System.IO.Compression;

namespace Splade.Checkpoints.Weights;

/// <summary>
/// Reads a PyTorch <c>torch.save</c> file (<c>pytorch_model.bin</c>): a zip archive whose <c>data.pkl</c> pickles the state
/// dict and whose <c>data/N</c> records hold the raw storages. The pickle goes through <see cref="SafeUnpickler"/>.
/// </summary>
internal static class PyTorchZipFile
{
    /// <exception cref="CheckpointException">The file is not a PyTorch zip archive, its pickle is refused, or a storage is missing or short.</exception>
    public static IReadOnlyList<WeightTensor> Open(string path)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException exception)
        {
            var legacy = LooksLikeLegacyPickle(path)
                ? " It looks like the legacy (before PyTorch 1.6) format, which is not read: save it again with a recent PyTorch or as safetensors."
                : " It is truncated or not a PyTorch file.";
            throw new CheckpointException($"{path}: not a zip archive ({exception.Message}).{legacy}", exception) { FilePath = path };
        }

        using (archive)
        {
            var pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || e.FullName == "data.pkl")
                ?? throw new CheckpointException($"{path}: the archive has no data.pkl; it is not a PyTorch state dict.") { FilePath = path };
            var prefix = pickle.FullName[..^"data.pkl".Length];
            byte[] bytes;
            using (var stream = pickle.Open())
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }

            var root = SafeUnpickler.Load(bytes, $"{path} ({pickle.FullName})");
            var dict = root as PickleDict
                ?? throw new CheckpointException($"{path}: the pickle holds {root?.GetType().Name ?? "None"}, not a state dict.") { FilePath = path };
            var storageSizes = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName.StartsWith(prefix + "data/", StringComparison.Ordinal))
                {
                    storageSizes[entry.FullName[(prefix.Length + 5)..]] = entry.Length;
                }
            }

            var tensors = new List<WeightTensor>();
            foreach (var (key, value) in dict.Items)
            {
                if (key is not string name || value is not PickleTensor tensor)
                {
                    continue;
                }

                tensors.Add(Describe(path, prefix, name, tensor, storageSizes));
            }

            return tensors;
        }
    }

    private static WeightTensor Describe(string path, string prefix, string name, PickleTensor tensor, Dictionary<string, long> storageSizes)
    {
        var storage = tensor.Storage;
        var size = WeightDTypes.Size(storage.DType);
        if (!storageSizes.TryGetValue(storage.Key, out var bytes))
        {
            throw new CheckpointException($"{path}: tensor {name} refers to storage data/{storage.Key}, which the archive does not hold.") { FilePath = path };
        }

        var count = 1L;
        var last = tensor.Offset;
        for (var d = 0; d < tensor.Shape.Length; d++)
        {
            count *= tensor.Shape[d];
            last += tensor.Shape[d] > 0 ? (tensor.Shape[d] - 1) * tensor.Stride[d] : 0;
        }

        if (count > 0 && (last + 1) * size > bytes)
        {
            throw new CheckpointException(
                $"{path}: tensor {name} [{string.Join(", ", tensor.Shape)}] reaches element {last} of storage data/{storage.Key}, which holds " +
                $"{bytes / size}; the file is damaged.") { FilePath = path };
        }

        return new WeightTensor(name, storage.DType, tensor.Shape, path, () => Load(path, prefix + "data/" + storage.Key, tensor, count));
    }

    private static float[] Load(string path, string entryName, PickleTensor tensor, long count)
    {
        var size = WeightDTypes.Size(tensor.Storage.DType);
        using var archive = ZipFile.OpenRead(path);
        var entry = archive.GetEntry(entryName) ?? throw new CheckpointException($"{path}: storage {entryName} disappeared.") { FilePath = path };
        var raw = new byte[entry.Length];
        using (var stream = entry.Open())
        {
            stream.ReadExactly(raw);
        }

        var all = new float[raw.Length / size];
        WeightDTypes.ToFloat32(tensor.Storage.DType, raw, all);
        if (IsContiguous(tensor))
        {
            return all.AsSpan((int)tensor.Offset, (int)count).ToArray();
        }

        var result = new float[count];
        var index = new long[tensor.Shape.Length];
        for (var i = 0L; i < count; i++)
        {
            var source = tensor.Offset;
            for (var d = 0; d < index.Length; d++)
            {
                source += index[d] * tensor.Stride[d];
            }

            result[i] = all[source];
            for (var d = index.Length - 1; d >= 0; d--)
            {
                if (++index[d] < tensor.Shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return result;
    }

    private static bool IsContiguous(PickleTensor tensor)
    {
        var expected = 1L;
        for (var d = tensor.Shape.Length - 1; d >= 0; d--)
        {
            if (tensor.Shape[d] != 1 && tensor.Stride[d] != expected)
            {
                return false;
            }

            expected *= tensor.Shape[d];
        }

        return true;
    }

    private static bool LooksLikeLegacyPickle(string path)
    {
        using var stream = File.OpenRead(path);
        return stream.ReadByte() == 0x80;
    }
}
