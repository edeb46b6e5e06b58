using System.Text;
using Splade.Encoding.Tokenization;

namespace Splade.Encoding.Tests.Tokenization;

public sealed class GoldenParityTests
{
    private static readonly Lazy<WordPieceTokenizer> Tokenizer = new(() => WordPieceTokenizer.FromModelFolder(GoldenCorpus.ModelFolder));

    [Fact]
    public void Golden_corpus_has_every_line()
    {
        Assert.Equal(3114, GoldenCorpus.All.Count);
    }

    [Fact]
    public void Ids_without_truncation_match_every_golden_text()
    {
        var failures = new StringBuilder();
        var mismatches = 0;
        foreach (var golden in GoldenCorpus.All)
        {
            var pieces = Tokenizer.Value.TokenizeToPieceIds(golden.Text);
            int[] ids = [Tokenizer.Value.ClsId, .. pieces, Tokenizer.Value.SepId];
            if (!ids.AsSpan().SequenceEqual(golden.Ids))
            {
                mismatches++;
                if (mismatches <= 10)
                {
                    failures.AppendLine($"{golden.Source}/{golden.Id}: {Describe(golden, ids)}");
                }
            }
        }

        Assert.True(mismatches == 0, $"{mismatches} of {GoldenCorpus.All.Count} texts differ:\n{failures}");
    }

    [Fact]
    public void Truncated_ids_and_offsets_match_every_golden_text()
    {
        var failures = new StringBuilder();
        var mismatches = 0;
        foreach (var golden in GoldenCorpus.All)
        {
            var tokenized = Tokenizer.Value.Tokenize(golden.Text, 512);
            var expectedOffsets = golden.Utf16Offsets();
            var idsMatch = tokenized.Ids.Span.SequenceEqual(golden.IdsMax512);
            var offsetsMatch = golden.Ids.Length > 512 || tokenized.Offsets.Span.SequenceEqual(expectedOffsets);
            var tokensMatch = golden.Ids.Length > 512 || tokenized.ToTokenStrings().AsSpan().SequenceEqual(golden.Tokens);
            if (!(idsMatch && offsetsMatch && tokensMatch))
            {
                mismatches++;
                if (mismatches <= 10)
                {
                    failures.AppendLine($"{golden.Source}/{golden.Id}: ids {idsMatch}, offsets {offsetsMatch}, tokens {tokensMatch}: {Describe(golden, tokenized.Ids.ToArray())}");
                }
            }
        }

        Assert.True(mismatches == 0, $"{mismatches} of {GoldenCorpus.All.Count} texts differ:\n{failures}");
    }

    private static string Describe(GoldenTokenization golden, int[] actual)
    {
        var first = 0;
        while (first < actual.Length && first < golden.Ids.Length && actual[first] == golden.Ids[first])
        {
            first++;
        }

        var from = Math.Max(0, first - 2);
        string Tokens(IEnumerable<int> ids) => string.Join(" ", ids.Skip(from).Take(6).Select(Tokenizer.Value.IdToToken));
        return $"first difference at token {first}; expected [{Tokens(golden.Ids)}] got [{Tokens(actual)}]; text: {golden.Text[..Math.Min(80, golden.Text.Length)]}";
    }
}
