using System.Text.Json.Nodes;
using Splade.Core;
using Splade.Server.Model.Points;
using Splade.Server.Storage;

namespace Splade.Server.Inference;

/// <summary>Turns the vectors of requests into stored form: raw dense and sparse vectors are checked (and sparse ones sorted), and
/// documents are encoded with the model they name through the bounded <see cref="EncodingQueue"/>, one batch per model.</summary>
internal sealed class InferenceService(ModelRegistry models, EncodingQueue queue, ServerLimits limits)
{
    public ModelRegistry Models { get; } = models;

    public EncodingQueue Queue { get; } = queue;

    /// <summary>Resolves the vectors of points to write (documents encoded on the document side).</summary>
    public async Task<List<PointInput>> ResolvePointsAsync(CollectionConfig config, IReadOnlyList<PointDraft> points, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, VectorValue>[points.Count];
        var documents = new Dictionary<(bool Dense, string Model, string Options), List<(int Point, string Vector, DocumentInput Document)>>();
        for (var p = 0; p < points.Count; p++)
        {
            resolved[p] = new Dictionary<string, VectorValue>(StringComparer.Ordinal);
            foreach (var (name, input) in points[p].Vectors)
            {
                var where = $"point {points[p].Id}, vector `{Collection.DisplayName(name)}`";
                if (input.Document is { } document)
                {
                    CheckText(document.Text, where);
                    var key = (IsDense(config, name, where), document.Model.ToUpperInvariant(), document.Options?.ToJsonString() ?? string.Empty);
                    if (!documents.TryGetValue(key, out var group))
                    {
                        documents[key] = group = [];
                    }

                    group.Add((p, name, document));
                }
                else
                {
                    resolved[p][name] = ToVector(input, where);
                }
            }
        }

        foreach (var ((dense, _, _), group) in documents)
        {
            var first = group[0].Document;
            string[] texts = [.. group.Select(item => item.Document.Text)];
            var vectors = await EncodeAsync(dense, first.Model, first.Options, texts, query: false, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < group.Count; i++)
            {
                resolved[group[i].Point][group[i].Vector] = vectors[i] with { SourceText = texts[i] };
            }
        }

        return [.. points.Select((point, p) => new PointInput(point.Id, resolved[p], point.Payload))];
    }

    /// <summary>Resolves a query vector for the named vector <paramref name="name"/>; a document is encoded on the query side, and its
    /// vocabulary returned for explanations.</summary>
    public async Task<(VectorValue Vector, QueryVocabulary? Vocabulary)> ResolveQueryAsync(
        CollectionConfig config, string name, VectorInput input, CancellationToken cancellationToken)
    {
        var where = $"the query on vector `{Collection.DisplayName(name)}`";
        if (input.Document is not { } document)
        {
            return (ToVector(input, where), null);
        }

        CheckText(document.Text, where);
        var dense = IsDense(config, name, where);
        var vector = (await EncodeAsync(dense, document.Model, document.Options, [document.Text], query: true, cancellationToken).ConfigureAwait(false))[0];
        return (vector, dense ? null : Models.GetSparse(document.Model).Vocabulary(document.Text));
    }

    /// <summary>Encodes texts with a named model through the queue (the HTTP extensions and the demo use it too).</summary>
    public async Task<VectorValue[]> EncodeAsync(
        bool dense, string model, JsonObject? options, IReadOnlyList<string> texts, bool query, CancellationToken cancellationToken, bool background = false)
    {
        var resolved = Models.Get(model);
        if (dense)
        {
            if (resolved is not IDenseTextModel denseModel)
            {
                throw StoreException.BadInput($"Wrong input: model `{model}` produces sparse vectors, but the vector is dense.");
            }

            ModelOptions.RequireOnly(options, denseModel.Name);
            var values = await Queue.RunAsync(token => denseModel.Encode(texts, query, token), cancellationToken, background).ConfigureAwait(false);
            return [.. values.Select(VectorValue.FromDense)];
        }

        if (resolved is not ISparseTextModel sparseModel)
        {
            throw StoreException.BadInput($"Wrong input: model `{model}` produces dense vectors, but the vector is sparse.");
        }

        var vectors = await Queue.RunAsync(
            token => query ? [sparseModel.EncodeQuery(texts[0], options, token)] : sparseModel.EncodeDocuments(texts, options, token),
            cancellationToken,
            background).ConfigureAwait(false);
        return [.. vectors.Select(VectorValue.FromSparse)];
    }

    /// <summary>Checks a raw vector: a sparse one gets equal lengths, unique indices (sorted here) and the non-zero limit.</summary>
    public VectorValue ToVector(VectorInput input, string where)
    {
        if (input.Dense is { } dense)
        {
            return VectorValue.FromDense(dense);
        }

        if (input.Sparse is not { } sparse)
        {
            throw StoreException.BadInput($"Wrong input: {where}: expected a vector.");
        }

        if (sparse.Indices.Length != sparse.Values.Length)
        {
            throw StoreException.Validation(
                $"Validation error in JSON body: {where}: a sparse vector's indices and values must have the same length "
                + $"({sparse.Indices.Length} indices, {sparse.Values.Length} values)");
        }

        if (sparse.Indices.Length > limits.MaxNonZeros)
        {
            throw StoreException.Limit($"Limit exceeded: {where} has {sparse.Indices.Length} non-zeros; the limit is {limits.MaxNonZeros} (max_non_zeros).");
        }

        var indices = (uint[])sparse.Indices.Clone();
        var values = (float[])sparse.Values.Clone();
        Array.Sort(indices, values);
        for (var i = 1; i < indices.Length; i++)
        {
            if (indices[i] == indices[i - 1])
            {
                throw StoreException.Validation(
                    $"Validation error in JSON body: {where}: a sparse vector's indices must be unique (index {indices[i]} repeats)");
            }
        }

        return VectorValue.FromSparse(new SparseVector(indices, values));
    }

    private void CheckText(string text, string where)
    {
        if (text.Length > limits.MaxTextLength)
        {
            throw StoreException.Limit(
                $"Limit exceeded: {where}: the text has {text.Length} characters; the limit is {limits.MaxTextLength} (max_text_length).");
        }
    }

    private static bool IsDense(CollectionConfig config, string name, string where)
        => config.FindDense(name) is not null
            || (config.FindSparse(name) is null
                ? throw StoreException.BadInput($"Wrong input: Not existing vector name error: {Collection.DisplayName(name)} ({where})")
                : false);
}
