using CsCheck;
using Splade.Index;
using Splade.Retrieval.Evaluation;
using Splade.Retrieval.Lexical;

namespace Splade.Retrieval.Tests.Lexical;

public sealed class LexicalRetrieverOracleTests
{
    // Two-letter words pass the English analyzer unchanged (no stop word among them, too short to stem).
    private static readonly string[] Words = ["xa", "xb", "xc", "xd", "xe", "xf", "xg", "xh"];

    private static readonly Gen<string> Text = Gen.Int[0, Words.Length - 1].Array[0, 12].Select(ids => string.Join(' ', ids.Select(i => Words[i])));

    [Theory]
    [InlineData(0.9f, 0.4f)]
    [InlineData(1.2f, 0.75f)]
    public void Bm25_top_k_matches_brute_force_bm25_from_term_counts(float k1, float b)
    {
        Gen.Select(Text.Array[1, 25], Text, Gen.Int[1, 10]).Sample((texts, query, k) =>
        {
            var documents = texts.Select((t, i) => new CorpusDocument("d" + i, string.Empty, t)).ToList();
            using var retriever = new LexicalRetriever(new LexicalOptions { K1 = k1, B = b });
            retriever.Index(documents);
            var oracle = documents.Select(d => Bm25(d.Text, query, texts, k1, b)).ToArray();
            AssertTopK(oracle, retriever.Search(query, k), k);
        }, iter: 60);
    }

    [Fact]
    public void TfIdf_top_k_matches_brute_force_lnc_ltc_cosine()
    {
        Gen.Select(Text.Array[1, 25], Text, Gen.Int[1, 10]).Sample((texts, query, k) =>
        {
            var documents = texts.Select((t, i) => new CorpusDocument("d" + i, string.Empty, t)).ToList();
            using var retriever = new LexicalRetriever(new LexicalOptions { Scoring = LexicalScoring.TfIdf });
            retriever.Index(documents);
            var oracle = documents.Select(d => TfIdf(d.Text, query, texts)).ToArray();
            AssertTopK(oracle, retriever.Search(query, k), k);
        }, iter: 60);
    }

    [Fact]
    public void Lucene_length_norms_reproduce_lucene_rounding_of_lengths()
    {
        // 1 / sqrt(length) keeps 3 significant bits, truncated: lengths are exact for powers of four, otherwise rounded up
        // by less than a factor (5/4)^2, and never decrease.
        Assert.Equal(1f, LuceneNorms.QuantizedLength(1));
        Assert.Equal(4f, LuceneNorms.QuantizedLength(4));
        Assert.Equal(64f, LuceneNorms.QuantizedLength(64));
        var previous = 0f;
        for (var length = 1; length < 5000; length++)
        {
            var quantized = LuceneNorms.QuantizedLength(length);
            Assert.InRange(quantized, length, length * 1.5625f);
            Assert.True(quantized >= previous, $"length {length} maps to {quantized}, below {previous}");
            previous = quantized;
        }
    }

    [Fact]
    public void Query_terms_unknown_to_the_corpus_or_only_stop_words_return_nothing()
    {
        using var retriever = new LexicalRetriever();
        retriever.Index([new CorpusDocument("d1", "", "glucose levels")]);
        Assert.Empty(retriever.Search("the of and", 10));
        Assert.Empty(retriever.Search("insulin", 10));
        Assert.Equal("d1", Assert.Single(retriever.Search("Glucose", 10)).Id);
    }

    private static void AssertTopK(double[] oracle, IReadOnlyList<SearchHit> hits, int k)
    {
        var expected = oracle.Where(s => s > 0).OrderByDescending(s => s).Take(k).ToArray();
        Assert.Equal(expected.Length, hits.Count);
        for (var i = 0; i < hits.Count; i++)
        {
            Assert.Equal(expected[i], hits[i].Score, 1e-3);
            Assert.Equal(oracle[int.Parse(hits[i].Id[1..])], hits[i].Score, 1e-3);
        }
    }

    private static double Bm25(string document, string query, string[] corpus, double k1, double b)
    {
        var tokens = corpus.Select(Tokens).ToArray();
        var averageLength = tokens.Average(t => t.Length);
        var docTokens = Tokens(document);
        var score = 0.0;
        foreach (var term in Tokens(query))
        {
            var df = tokens.Count(t => t.Contains(term));
            var tf = docTokens.Count(t => t == term);
            if (df == 0 || tf == 0)
            {
                continue;
            }

            var idf = Math.Log(1 + ((corpus.Length - df + 0.5) / (df + 0.5)));
            score += idf * tf * (k1 + 1) / (tf + (k1 * (1 - b + (b * docTokens.Length / averageLength))));
        }

        return score;
    }

    private static double TfIdf(string document, string query, string[] corpus)
    {
        var tokens = corpus.Select(Tokens).ToArray();
        var docCounts = Tokens(document).GroupBy(t => t).ToDictionary(g => g.Key, g => 1 + Math.Log(g.Count()));
        var norm = Math.Sqrt(docCounts.Values.Sum(w => w * w));
        var score = 0.0;
        foreach (var group in Tokens(query).GroupBy(t => t))
        {
            var df = tokens.Count(t => t.Contains(group.Key));
            if (df > 0 && docCounts.TryGetValue(group.Key, out var weight))
            {
                score += (1 + Math.Log(group.Count())) * Math.Log((double)corpus.Length / df) * weight / norm;
            }
        }

        return score;
    }

    private static string[] Tokens(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
