using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Splade.Server.Inference;
using Splade.Server.Json;
using Splade.Server.Model.Service;
using Splade.Server.Model.Splade;

namespace Splade.Server.Http.Endpoints;

/// <summary>Splade.NET's extensions: texts to readable sparse vectors, and the similarity matrix of a few texts (JSON or PNG).</summary>
internal static class SpladeEndpoints
{
    private const int MaxSimilarityTexts = 32;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/splade").WithTags("Splade.NET");
        group.MapPost("/encode", async (HttpContext context, ServerServices services) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.EncodeRequest).ConfigureAwait(false);
                var texts = CheckTexts(request.Texts, services.Limits, 1, services.Limits.MaxBatchQueries);
                var query = request.Side switch
                {
                    null or "document" => false,
                    "query" => true,
                    _ => throw ApiException.BadRequest($"Format error in JSON body: unknown side `{request.Side}`, expected document or query"),
                };
                if (request.Top is < 1)
                {
                    throw ApiException.Validation("[top: value must be 1 or larger]");
                }

                var modelName = request.Model ?? ModelRegistry.DefaultSplade;
                var model = services.Inference.Models.GetSparse(modelName);
                var encoded = new List<EncodedText>(texts.Count);
                for (var i = 0; i < texts.Count; i++)
                {
                    var vector = (await services.Inference.EncodeAsync(false, modelName, null, [texts[i]], query, context.RequestAborted)
                        .ConfigureAwait(false))[0].Sparse!;
                    var vocabulary = model.Vocabulary(texts[i]);
                    var terms = new List<EncodedTerm>(vector.Count);
                    for (var t = 0; t < vector.Count; t++)
                    {
                        var index = vector.Indices[t];
                        var token = model.TokenOf(index) ?? vocabulary.TokenOf(index);
                        terms.Add(new EncodedTerm(index, token, vector.Values[t], !vocabulary.QueryTerms.Contains(index)));
                    }

                    terms.Sort(static (a, b) => b.Weight.CompareTo(a.Weight));
                    if (request.Top is int top && terms.Count > top)
                    {
                        terms.RemoveRange(top, terms.Count - top);
                    }

                    encoded.Add(new EncodedText(texts[i], vector.Indices.ToArray(), vector.Values.ToArray(), terms));
                }

                return Api.Ok(context, new EncodeResult(model.Name, query ? "query" : "document", encoded), ApiJson.Context.ApiResponseEncodeResult);
            })
            .WithSummary("Encode texts to sparse vectors with readable tokens, marking expansion terms")
            .Accepts<EncodeRequest>("application/json").Produces<ApiResponse<EncodeResult>>();

        group.MapPost("/similarity", async (HttpContext context, ServerServices services) =>
            {
                var request = await RequestBody.ReadAsync(context, ApiJson.Context.SimilarityRequest).ConfigureAwait(false);
                var texts = CheckTexts(request.Texts, services.Limits, 2, MaxSimilarityTexts);
                var dot = request.Metric switch
                {
                    null or "cosine" => false,
                    "dot" => true,
                    _ => throw ApiException.BadRequest($"Format error in JSON body: unknown metric `{request.Metric}`, expected cosine or dot"),
                };
                var png = request.Format switch
                {
                    null or "json" => false,
                    "png" => true,
                    _ => throw ApiException.BadRequest($"Format error in JSON body: unknown format `{request.Format}`, expected json or png"),
                };
                var modelName = request.Model ?? ModelRegistry.DefaultSplade;
                services.Inference.Models.GetSparse(modelName);
                var vectors = await services.Inference.EncodeAsync(false, modelName, null, texts, query: false, context.RequestAborted).ConfigureAwait(false);
                var matrix = new double[texts.Count, texts.Count];
                var rows = new List<IReadOnlyList<float>>(texts.Count);
                for (var row = 0; row < texts.Count; row++)
                {
                    var values = new float[texts.Count];
                    for (var column = 0; column < texts.Count; column++)
                    {
                        var a = vectors[row].Sparse!;
                        var b = vectors[column].Sparse!;
                        values[column] = dot ? a.Dot(b) : a.Cosine(b);
                        matrix[row, column] = values[column];
                    }

                    rows.Add(values);
                }

                var metric = dot ? "dot" : "cosine";
                return png
                    ? TypedResults.File(SimilarityHeatmap.RenderPng(matrix, SimilarityHeatmap.Labels(texts), dot ? "dot product" : "cosine"), "image/png")
                    : Api.Ok(context, new SimilarityResult(texts, metric, rows), ApiJson.Context.ApiResponseSimilarityResult);
            })
            .WithSummary("Pairwise similarity of a few texts' SPLADE vectors, as JSON or a PNG heatmap")
            .Accepts<SimilarityRequest>("application/json").Produces<ApiResponse<SimilarityResult>>().Produces(200, contentType: "image/png");
    }

    private static IReadOnlyList<string> CheckTexts(IReadOnlyList<string>? texts, ServerLimits limits, int min, int max)
    {
        if (texts is null || texts.Count < min)
        {
            throw ApiException.BadRequest($"Format error in JSON body: `texts` needs at least {min} text{(min == 1 ? string.Empty : "s")}");
        }

        if (texts.Count > max)
        {
            throw ApiException.Limit($"the request holds {texts.Count} texts; the limit is {max}.");
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                throw ApiException.BadRequest($"Format error in JSON body: texts[{i}] is null");
            }

            if (texts[i].Length > limits.MaxTextLength)
            {
                throw ApiException.Limit($"texts[{i}] has {texts[i].Length} characters; the limit is {limits.MaxTextLength} (max_text_length).");
            }
        }

        return texts;
    }
}
