using System.Security.Cryptography;
using System.Text.Json;

namespace Splade.Checkpoints.Weights;

/// <summary>
/// The tensors of a checkpoint folder, from <c>model.safetensors</c>, its sharded form (<c>model.safetensors.index.json</c>),
/// <c>pytorch_model.bin</c> or its sharded form (<c>pytorch_model.bin.index.json</c>), in that order of preference.
/// </summary>
internal sealed class CheckpointWeights
{
    /// <summary>The weight files looked for, in order.</summary>
    public static readonly string[] Candidates = ["model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json"];

    private readonly Dictionary<string, WeightTensor> _tensors;

    private CheckpointWeights(Dictionary<string, WeightTensor> tensors, string[] files, string description)
    {
        _tensors = tensors;
        Files = files;
        Description = description;
    }

    /// <summary>The files the tensors come from.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>What was read, for messages: the file name, or the index file and its shard count.</summary>
    public string Description { get; }

    public IEnumerable<string> Names => _tensors.Keys;

    /// <summary>Whether a folder holds weights this class reads.</summary>
    public static string? FindWeightsFile(string folder)
    {
        foreach (var candidate in Candidates)
        {
            var path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    /// <exception cref="CheckpointException">No weights file, or a file is damaged.</exception>
    public static CheckpointWeights Open(string folder)
    {
        var path = FindWeightsFile(folder)
            ?? throw new CheckpointException($"{folder} has no weights: looked for {string.Join(", ", Candidates)}.") { FilePath = folder };
        var name = Path.GetFileName(path);
        if (!name.EndsWith(".index.json", StringComparison.Ordinal))
        {
            return new CheckpointWeights(ToDictionary(ReadFile(path)), [path], name);
        }

        var shards = ReadIndex(path);
        var tensors = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        var files = new List<string>();
        foreach (var (shard, expected) in shards)
        {
            var shardPath = Path.Combine(folder, shard);
            if (!File.Exists(shardPath))
            {
                throw new CheckpointException($"{path} lists the shard {shard}, which is not in {folder}.") { FilePath = shardPath };
            }

            files.Add(shardPath);
            var found = ToDictionary(ReadFile(shardPath));
            foreach (var tensorName in expected)
            {
                if (!found.TryGetValue(tensorName, out var tensor))
                {
                    throw new CheckpointException($"{path} places tensor {tensorName} in {shard}, which does not hold it.") { FilePath = shardPath };
                }

                tensors[tensorName] = tensor;
            }
        }

        return new CheckpointWeights(tensors, [.. files], $"{name} ({shards.Count} shard{(shards.Count == 1 ? "" : "s")})");
    }

    public bool TryGet(string name, out WeightTensor tensor) => _tensors.TryGetValue(name, out tensor!);

    /// <summary>SHA-256 over the weight files' contents, in order: the key of a converted model in the cache.</summary>
    public string ContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var file in Files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static IReadOnlyList<WeightTensor> ReadFile(string path)
        => path.EndsWith(".safetensors", StringComparison.Ordinal) ? SafetensorsFile.Open(path) : PyTorchZipFile.Open(path);

    private static Dictionary<string, WeightTensor> ToDictionary(IReadOnlyList<WeightTensor> tensors)
    {
        var result = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            result[tensor.Name] = tensor;
        }

        return result;
    }

    /// <summary>Reads <c>weight_map</c> (tensor name to shard file) and groups it by shard, in first-seen order.</summary>
    private static List<(string Shard, List<string> Tensors)> ReadIndex(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
            {
                throw new CheckpointException($"{path}: the field \"weight_map\" (tensor name to shard file) is missing.") { FilePath = path };
            }

            var shards = new List<(string Shard, List<string> Tensors)>();
            foreach (var entry in map.EnumerateObject())
            {
                var shard = entry.Value.GetString();
                if (string.IsNullOrEmpty(shard)
                    || shard.Contains('/', StringComparison.Ordinal)
                    || shard.Contains('\\', StringComparison.Ordinal)
                    || shard.StartsWith('.'))
                {
                    throw new CheckpointException(
                        $"{path}: tensor {entry.Name} maps to \"{shard}\", which is not a file name in the folder.") { FilePath = path };
                }

                var at = shards.FindIndex(s => s.Shard == shard);
                if (at < 0)
                {
                    shards.Add((shard, []));
                    at = shards.Count - 1;
                }

                shards[at].Tensors.Add(entry.Name);
            }

            return shards;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new CheckpointException($"{path}: not a valid index file: {exception.Message}", exception) { FilePath = path };
        }
    }
}
