using System.Text.Json.Nodes;
using Splade.Checkpoints.Conversion;
using Splade.Checkpoints.Tests.Support;
using Splade.Checkpoints.Weights;
using Splade.Encoding;
using Splade.Encoding.Tests.Support;

namespace Splade.Checkpoints.Tests.Weights;

/// <summary>
/// Sharded checkpoints (<c>model.safetensors.index.json</c> or <c>pytorch_model.bin.index.json</c> and their shards), as large
/// checkpoints are published: the fixture's tensors split over shards convert to the same vectors, and a damaged index names the
/// shard or tensor.
/// </summary>
public sealed class ShardedCheckpointTests : IDisposable
{
    private const string Index = "model.safetensors.index.json";

    private readonly CheckpointFolder _checkpoint = new(CheckpointFolder.Bert);

    public void Dispose() => _checkpoint.Dispose();

    [Fact]
    public void Three_shards_convert_to_the_reference_vectors()
    {
        var names = Shard(3);
        Assert.False(File.Exists(_checkpoint.File("model.safetensors")));

        var converted = CheckpointConverter.Convert(_checkpoint.Path, _checkpoint.Sibling("converted"));
        AssertReferenceVectors(converted);
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(converted, CheckpointConverter.RecordFile)))!;
        Assert.Equal($"{Index} ({names.Length} shards)", record["weights"]!.GetValue<string>());

        // The weights' hash (the cache key) covers every shard: changing the last one changes it.
        var hash = record["weights_sha256"]!.GetValue<string>();
        Assert.Equal(hash, CheckpointWeights.Open(_checkpoint.Path).ContentHash());
        using (var last = File.OpenWrite(_checkpoint.File(names[^1])))
        {
            last.Seek(-1, SeekOrigin.End);
            last.WriteByte(0x7f);
        }

        Assert.NotEqual(hash, CheckpointWeights.Open(_checkpoint.Path).ContentHash());
    }

    [Fact]
    public void A_sharded_pytorch_checkpoint_converts_to_the_reference_vectors()
    {
        using var checkpoint = new CheckpointFolder(CheckpointFolder.BertBin, "pytorch_model.bin");
        const string shard = "pytorch_model-00001-of-00001.bin";
        File.Move(checkpoint.File("pytorch_model.bin"), checkpoint.File(shard));
        var map = new JsonObject();
        foreach (var tensor in PyTorchZipFile.Open(checkpoint.File(shard)))
        {
            map[tensor.Name] = shard;
        }

        File.WriteAllText(checkpoint.File("pytorch_model.bin.index.json"), new JsonObject { ["weight_map"] = map }.ToJsonString());
        var converted = CheckpointConverter.Convert(checkpoint.Path, checkpoint.Sibling("converted"));
        AssertReferenceVectors(converted);
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(converted, CheckpointConverter.RecordFile)))!;
        Assert.Equal("pytorch_model.bin.index.json (1 shard)", record["weights"]!.GetValue<string>());
    }

    [Fact]
    public void A_shard_missing_from_the_folder_is_named()
    {
        var names = Shard(2);
        File.Delete(_checkpoint.File(names[1]));
        var error = ConvertFails();
        Assert.Contains($"lists the shard {names[1]}, which is not in", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_that_places_a_tensor_in_the_wrong_shard_names_both()
    {
        var names = Shard(2);
        var index = JsonNode.Parse(File.ReadAllText(_checkpoint.File(Index)))!;
        var map = index["weight_map"]!.AsObject();
        var moved = map.First(entry => entry.Value!.GetValue<string>() == names[0]).Key;
        map[moved] = names[1];
        File.WriteAllText(_checkpoint.File(Index), index.ToJsonString());
        var error = ConvertFails();
        Assert.Contains($"places tensor {moved} in {names[1]}, which does not hold it", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../model-00001-of-00002.safetensors")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public void An_index_pointing_outside_the_folder_is_refused(string shard)
    {
        Shard(2);
        var index = JsonNode.Parse(File.ReadAllText(_checkpoint.File(Index)))!;
        var map = index["weight_map"]!.AsObject();
        var first = map.First().Key;
        map[first] = shard;
        File.WriteAllText(_checkpoint.File(Index), index.ToJsonString());
        var error = ConvertFails();
        Assert.Contains($"tensor {first} maps to \"{shard}\", which is not a file name in the folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_index_without_a_weight_map_names_the_field()
    {
        Shard(2);
        File.WriteAllText(_checkpoint.File(Index), """{"metadata": {"total_size": 1}}""");
        var error = ConvertFails();
        Assert.Contains("\"weight_map\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(Index, error.Message, StringComparison.Ordinal);
    }

    private static void AssertReferenceVectors(string converted)
    {
        var items = ReferenceVectors.Items(CheckpointFolder.Bert);
        using var encoder = SpladeEncoder.Load(converted, new SpladeEncoderOptions { BatchSize = 4 });
        var vectors = encoder.EncodeBatch([.. items.Select(item => item.Text)]);
        for (var i = 0; i < items.Count; i++)
        {
            var difference = Dense.MaxDifference(items[i].Max, vectors[i]);
            Assert.True(difference <= 1e-5f, $"text {i}: largest difference {difference}");
        }
    }

    private CheckpointException ConvertFails()
    {
        var error = Assert.Throws<CheckpointException>(() => CheckpointConverter.Convert(_checkpoint.Path, _checkpoint.Sibling("out")));
        Assert.False(Directory.Exists(_checkpoint.Sibling("out")));
        Assert.Empty(Directory.GetDirectories(_checkpoint.Root, ".out.partial-*"));
        return error;
    }

    /// <summary>Replaces model.safetensors with <paramref name="count"/> shards (tensors dealt round-robin) and their index.</summary>
    private string[] Shard(int count)
    {
        var path = _checkpoint.File("model.safetensors");
        var tensors = SafetensorsFile.Open(path);
        var names = Enumerable.Range(1, count).Select(i => $"model-{i:D5}-of-{count:D5}.safetensors").ToArray();
        var shards = names.Select(_ => new List<SafetensorsWriter.Entry>()).ToArray();
        var map = new JsonObject();
        for (var i = 0; i < tensors.Count; i++)
        {
            shards[i % count].Add(SafetensorsWriter.Entry.Float32(tensors[i].Name, tensors[i].Load(), tensors[i].Shape));
            map[tensors[i].Name] = names[i % count];
        }

        for (var s = 0; s < count; s++)
        {
            SafetensorsWriter.Write(_checkpoint.File(names[s]), shards[s], new Dictionary<string, string> { ["format"] = "pt" });
        }

        File.Delete(path);
        File.WriteAllText(_checkpoint.File(Index), new JsonObject { ["metadata"] = new JsonObject(), ["weight_map"] = map }.ToJsonString());
        return names;
    }
}
