using System.Text;
using System.Text.Json;
using CsCheck;
using Splade.Server.Json;
using Splade.Server.Model.Points;

namespace Splade.Server.Tests.Json;

/// <summary>The direct reading of a point's vectors against the full converter (the oracle), on random vector bodies, valid and not:
/// the same vectors, or the same error, and the reader left on the value's last token.</summary>
public sealed class FastVectorReaderTests
{
    private static readonly Gen<string> Number = Gen.Frequency(
        (6, Gen.Float[-10f, 10f].Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.OneOfConst("0", "-0", "1e3", "1e39", "-1e39", "1.5", "3", "4294967295", "4294967296", "-1", "\"2\"", "null", "true", "[1]", "{}")));

    private static readonly Gen<string> Dense = Number.Array[0, 6].Select(items => "[" + string.Join(",", items) + "]");

    private static readonly Gen<string> Indices = Gen.Frequency(
        (6, Gen.UInt[0, 5000].Array[0, 6].Select(items => "[" + string.Join(",", items) + "]")),
        (1, Dense),
        (1, Gen.OneOfConst("null", "3", "\"a\"")));

    private static readonly Gen<string> Sparse = Gen.Select(Indices, Dense, Gen.Int[0, 9]).Select((indices, values, shape) => shape switch
    {
        0 => $$"""{"values": {{values}}, "indices": {{indices}}}""",
        1 => $$"""{"indices": {{indices}}}""",
        2 => $$"""{"indices": {{indices}}, "values": {{values}}, "extra": 1}""",
        3 => $$"""{"indices": {{indices}}, "indices": {{indices}}, "values": {{values}}}""",
        _ => $$"""{"indices": {{indices}}, "values": {{values}}}""",
    });

    private static readonly Gen<string> Vector = Gen.Frequency(
        (4, Dense), (4, Sparse),
        (1, Gen.OneOfConst("""{"text": "a b", "model": "bm25"}""", """{"model": "bm25"}""", "7", "\"x\"", "null", "[[1, 2]]", "{}")));

    private static readonly Gen<string> Body = Gen.Frequency(
        (1, Dense),
        (1, Sparse),
        (4, Gen.Select(Gen.OneOfConst("s", "d", "", "text", "indices", "x\\u0041"), Vector).Array[0, 4]
            .Select(pairs => "{" + string.Join(",", pairs.Select(p => $"\"{p.Item1}\": {p.Item2}")) + "}")),
        (1, Gen.OneOfConst("null", "1", "\"s\"", """{"text": "a", "model": "bm25"}""")));

    [Fact]
    public void Reads_as_the_full_converter_does_or_fails_with_its_error() => Body.Sample(json =>
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var expected = Outcome(() => VectorStructJsonConverter.ReadStruct(JsonDocument.Parse(bytes).RootElement.Clone(), string.Empty));
        var actual = Outcome(() =>
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            var read = new VectorStructJsonConverter().Read(ref reader, typeof(VectorStruct), JsonSerializerOptions.Default);
            Assert.Equal(bytes.Length, reader.BytesConsumed);
            return read;
        });
        Assert.True(expected == actual, $"{json}\nfull converter: {expected}\ndirect reading: {actual}");
    }, iter: 3000);

    private static string Outcome(Func<VectorStruct> read)
    {
        try
        {
            var vectors = read();
            var text = new StringBuilder();
            if (vectors.Default is { } single)
            {
                Describe(text.Append("default="), single);
            }

            foreach (var (name, vector) in vectors.Named ?? new Dictionary<string, VectorInput>())
            {
                Describe(text.Append(' ').Append(name).Append('='), vector);
            }

            return text.ToString();
        }
        catch (JsonException error)
        {
            return "error: " + error.Message;
        }
    }

    private static void Describe(StringBuilder text, VectorInput vector)
    {
        if (vector.Dense is { } dense)
        {
            text.Append("dense[").AppendJoin(',', dense.Select(x => BitConverter.SingleToInt32Bits(x))).Append(']');
        }

        if (vector.Sparse is { } sparse)
        {
            text.Append("sparse[").AppendJoin(',', sparse.Indices).Append('|')
                .AppendJoin(',', sparse.Values.Select(x => BitConverter.SingleToInt32Bits(x))).Append(']');
        }

        if (vector.Document is { } document)
        {
            text.Append("document[").Append(document.Text).Append('|').Append(document.Model).Append(']');
        }
    }
}
