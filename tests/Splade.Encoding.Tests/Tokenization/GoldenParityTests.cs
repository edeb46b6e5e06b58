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
    public void Ids_tokens_and_offsets_match_every_golden_text_without_truncation()
    {
        AssertAllMatch(golden =>
        {
            var tokenized = Tokenizer.Value.Tokenize(golden.Text, int.MaxValue);
            var ids = tokenized.Ids.ToArray();
            var problems = new List<string>();
            if (!ids.AsSpan().SequenceEqual(golden.Ids))
            {
                problems.Add(Describe(golden.Ids, ids));
            }
            else if (!tokenized.ToTokenStrings().AsSpan().SequenceEqual(golden.Tokens))
            {
                problems.Add("token strings differ");
            }
            else if (!tokenized.Offsets.Span.SequenceEqual(golden.Utf16Offsets()))
            {
                problems.Add("offsets differ");
            }

            return problems;
        });
    }

    [Fact]
    public void Ids_truncated_at_512_match_every_golden_text()
    {
        AssertAllMatch(golden =>
        {
            var ids = Tokenizer.Value.Tokenize(golden.Text).Ids.ToArray();
            return ids.AsSpan().SequenceEqual(golden.IdsMax512) ? [] : [Describe(golden.IdsMax512, ids)];
        });
    }

    [Fact]
    public void Piece_ids_are_the_golden_ids_without_framing_tokens()
    {
        AssertAllMatch(golden =>
        {
            var pieces = Tokenizer.Value.TokenizeToPieceIds(golden.Text);
            return pieces.AsSpan().SequenceEqual(golden.Ids.AsSpan(1, golden.Ids.Length - 2)) ? [] : [Describe(golden.Ids[1..^1], pieces)];
        });
    }

    private static void AssertAllMatch(Func<GoldenTokenization, List<string>> compare)
    {
        var failures = new StringBuilder();
        var mismatches = 0;
        foreach (var golden in GoldenCorpus.All)
        {
            var problems = compare(golden);
            if (problems.Count > 0 && ++mismatches <= 10)
            {
                failures.AppendLine($"{golden.Source}/{golden.Id} ({golden.Text[..Math.Min(60, golden.Text.Length)]}): {string.Join("; ", problems)}");
            }
        }

        Assert.True(mismatches == 0, $"{mismatches} of {GoldenCorpus.All.Count} texts differ:\n{failures}");
    }

    private static string Describe(int[] expected, int[] actual)
    {
        var first = 0;
        while (first < actual.Length && first < expected.Length && actual[first] == expected[first])
        {
            first++;
        }

        var from = Math.Max(0, first - 2);
        string Tokens(IEnumerable<int> ids) => string.Join(" ", ids.Skip(from).Take(6).Select(Tokenizer.Value.IdToToken));
        return $"first difference at token {first}: expected [{Tokens(expected)}] got [{Tokens(actual)}]";
    }
}
