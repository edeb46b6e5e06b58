using System.Text;
using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Retrieval.Analysis;
using Splade.Server.Storage;

namespace Splade.Server.Inference;

/// <summary>BM25 term weights as sparse vectors, in the manner of Qdrant's <c>qdrant/bm25</c> model, with Splade.NET's English
/// analyzer (Lucene's: word tokens, lower case, no possessive 's, Lucene's 33 English stop words, Porter stems).</summary>
/// <remarks>
/// <para>A term's index is <c>|murmur3_32(term as UTF-8, seed 0) as i32|</c>, as in Qdrant, so no vocabulary is kept (distinct terms
/// may share an index, rarely). A document weighs term t by <c>tf (k + 1) / (tf + k (1 - b + b |d| / avg_len))</c>, with tf its count
/// in the document, |d| the document's number of terms after analysis, and options <c>k</c> (1.2), <c>b</c> (0.75) and
/// <c>avg_len</c> (256). A query weighs each distinct term 1. The collection's <c>idf</c> modifier supplies the inverse document
/// frequency at query time, so the dot product is BM25 with Qdrant's IDF, <c>ln(1 + (N - df + 0.5) / (df + 0.5))</c>.</para>
/// </remarks>
internal sealed class Bm25TextModel : ISparseTextModel
{
    private static readonly string[] Options = ["k", "b", "avg_len", "language"];

    public string Name => "bm25";

    public IReadOnlyList<SparseVector> EncodeDocuments(IReadOnlyList<string> texts, JsonObject? options, CancellationToken cancellationToken)
    {
        ModelOptions.RequireOnly(options, Name, Options);
        CheckLanguage(options);
        var k = ModelOptions.Number(options, "k", 1.2, 0, 100);
        var b = ModelOptions.Number(options, "b", 0.75, 0, 1);
        var averageLength = ModelOptions.Number(options, "avg_len", 256, 1e-6, 1e9);
        var vectors = new SparseVector[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var terms = Terms(texts[i]);
            var counts = new SortedDictionary<uint, int>();
            foreach (var term in terms)
            {
                counts[term.Index] = counts.GetValueOrDefault(term.Index) + 1;
            }

            var norm = k * (1 - b + (b * terms.Count / averageLength));
            var indices = new uint[counts.Count];
            var values = new float[counts.Count];
            var slot = 0;
            foreach (var (index, count) in counts)
            {
                indices[slot] = index;
                values[slot++] = (float)(count * (k + 1) / (count + norm));
            }

            vectors[i] = new SparseVector(indices, values);
        }

        return vectors;
    }

    public SparseVector EncodeQuery(string text, JsonObject? options, CancellationToken cancellationToken)
    {
        ModelOptions.RequireOnly(options, Name, Options);
        CheckLanguage(options);
        var indices = OwnTerms(text).Order().ToArray();
        var values = new float[indices.Length];
        Array.Fill(values, 1f);
        return new SparseVector(indices, values);
    }

    public QueryVocabulary Vocabulary(string queryText)
    {
        var tokens = new Dictionary<uint, string>();
        foreach (var term in Terms(queryText))
        {
            tokens.TryAdd(term.Index, term.Text);
        }

        return new QueryVocabulary(index => tokens.GetValueOrDefault(index), tokens.Keys.ToHashSet(), OwnTerms);
    }

    public string? TokenOf(uint index) => null;

    public IReadOnlySet<uint> OwnTerms(string text) => Terms(text).Select(term => term.Index).ToHashSet();

    /// <summary>The index of an analyzed term: Qdrant's <c>(murmur3_32(term) as i32).unsigned_abs()</c>.</summary>
    public static uint IndexOf(string term)
    {
        var hash = (int)Murmur3.Hash32(System.Text.Encoding.UTF8.GetBytes(term));
        return hash == int.MinValue ? 1u << 31 : (uint)Math.Abs(hash);
    }

    private static List<(uint Index, string Text)> Terms(string text)
    {
        var sink = new Collector();
        EnglishAnalyzer.Instance.Analyze(text, sink);
        return sink.Terms;
    }

    private static void CheckLanguage(JsonObject? options)
    {
        if (options?["language"] is JsonValue language && !(language.TryGetValue<string>(out var name) && name.ToUpperInvariant() is "ENGLISH" or "EN"))
        {
            throw StoreException.BadInput("Bad request: model `bm25` analyzes English only (language \"english\").");
        }
    }

    private sealed class Collector : ITermSink
    {
        public List<(uint Index, string Text)> Terms { get; } = [];

        public void Accept(ReadOnlySpan<char> term)
        {
            var text = term.ToString();
            Terms.Add((IndexOf(text), text));
        }
    }
}
