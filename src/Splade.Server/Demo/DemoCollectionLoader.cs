using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Splade.Models.Dense;
using Splade.Retrieval.Evaluation;
using Splade.Server.Inference;
using Splade.Server.Model.Filters;
using Splade.Server.Storage;

namespace Splade.Server.Demo;

/// <summary>Gives an empty data folder the demo collection <c>medline</c> (the MEDLINE abstracts shipped inside Splade.NET): BM25
/// vectors at once, then SPLADE and dense vectors encoded in the background, with progress in the collection's info. Encoding
/// resumes after a restart where it stopped.</summary>
internal sealed partial class DemoCollectionLoader(
    ServerOptions options, CollectionStore store, InferenceService inference, ILogger<DemoCollectionLoader> logger)
    : BackgroundService
{
    public const string Name = "medline";
    private const int BatchSize = 16;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Demo && store.Names.Count == 0)
        {
            await CreateAsync(cancellationToken).ConfigureAwait(false);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!store.Exists(Name))
        {
            return;
        }

        using (var lease = TryAcquire())
        {
            if (lease?.Collection.Config.Metadata?["splade_demo"] is null)
            {
                return;
            }
        }

        try
        {
            await EncodeMissingAsync("splade", dense: false, ModelRegistry.DefaultSplade, stoppingToken).ConfigureAwait(false);
            await EncodeMissingAsync("dense", dense: true, DenseModels.DefaultName, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The server is stopping; the next start resumes.
        }
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var dataset = MedlineDemo.Load();
        var dimension = DenseModels.Default.Dimension;
        store.Create(Name, new CollectionConfig
        {
            Dense = [new DenseVectorConfig("dense", dimension, Distance.Cosine, string.Empty)],
            Sparse = [new SparseVectorConfig("splade", SparseModifier.None, string.Empty), new SparseVectorConfig("bm25", SparseModifier.Idf, string.Empty)],
            Metadata = new JsonObject { ["splade_demo"] = true, ["source"] = "MEDLINE (BEIR), 1,033 medical abstracts" },
        });
        using var lease = store.Acquire(Name);
        var documents = dataset.Corpus;
        for (var start = 0; start < documents.Count; start += 256)
        {
            var batch = documents.Skip(start).Take(256).ToList();
            var texts = batch.Select(document => document.FullText).ToList();
            var vectors = await inference.EncodeAsync(false, "bm25", null, texts, query: false, cancellationToken, background: true).ConfigureAwait(false);
            var points = batch.Select((document, i) => new PointInput(
                IdOf(document, start + i),
                new Dictionary<string, VectorValue>(StringComparer.Ordinal) { ["bm25"] = vectors[i] with { SourceText = texts[i] } },
                new JsonObject { ["doc_id"] = document.Id, ["title"] = document.Title, ["text"] = document.Text })).ToList();
            await lease.Collection.UpsertAsync(points, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        LogCreated(logger, documents.Count);
    }

    /// <summary>Encodes, batch by batch, the points that lack <paramref name="vector"/>, from their payload's title and text.</summary>
    private async Task EncodeMissingAsync(string vector, bool dense, string model, CancellationToken cancellationToken)
    {
        var task = $"encode {vector}";
        var missing = new Filter { MustNot = [new HasVectorCondition(vector)] };
        int total;
        using (var lease = TryAcquire())
        {
            if (lease is null)
            {
                return;
            }

            total = lease.Collection.Count;
        }

        while (true)
        {
            using var lease = TryAcquire();
            if (lease is null)
            {
                return;
            }

            var collection = lease.Collection;
            var remaining = (int)collection.CountPoints(missing);
            if (remaining == 0)
            {
                collection.ReportProgress(task, null);
                return;
            }

            collection.ReportProgress(task, new BackgroundTaskProgress(total - remaining, total));
            var page = collection.Scroll(missing, null, BatchSize, PayloadSelector.All, VectorSelector.None);
            var texts = page.Points.Select(point => $"{point.Payload?["title"]} {point.Payload?["text"]}".Trim()).ToList();
            VectorValue[] vectors;
            try
            {
                vectors = await inference.EncodeAsync(dense, model, null, texts, query: false, cancellationToken, background: true).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                collection.ReportProgress(task, new BackgroundTaskProgress(total - remaining, total, $"encoding failed: {error.Message}"));
                LogFailed(logger, error, task);
                return;
            }

            var updates = page.Points.Select((point, i) => new PointInput(
                point.Id,
                new Dictionary<string, VectorValue>(StringComparer.Ordinal) { [vector] = vectors[i] with { SourceText = texts[i] } },
                null)).ToList();
            await collection.UpdateVectorsAsync(updates, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private CollectionLease? TryAcquire()
    {
        try
        {
            return store.Acquire(Name);
        }
        catch (StoreException)
        {
            return null;
        }
    }

    private static PointId IdOf(CorpusDocument document, int position)
        => ulong.TryParse(document.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? PointId.FromNumber(number)
            : PointId.FromNumber((ulong)position);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Created the demo collection medline with {Count} points and BM25 vectors; SPLADE and dense vectors follow in the background")]
    private static partial void LogCreated(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The demo collection's background task {Task} failed")]
    private static partial void LogFailed(ILogger logger, Exception error, string task);
}
