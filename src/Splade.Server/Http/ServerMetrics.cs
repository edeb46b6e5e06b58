using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Splade.Server.Catalog;
using Splade.Server.Inference;
using Splade.Server.Storage;

namespace Splade.Server.Http;

/// <summary>Prometheus metrics at <c>/metrics</c>, in a registry of this server's own: requests and latency histograms per endpoint
/// (prometheus-net's HTTP metrics), and per collection of a data folder its points, vectors and
/// segments (on a cluster node, each collection's points), and the encoding queue's depth and capacity.</summary>
internal static class ServerMetrics
{
    public static void UseRequestMetrics(WebApplication app)
    {
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        app.UseHttpMetrics(options => options.SetMetricFactory(Metrics.WithCustomRegistry(registry)));
    }

    public static void Map(WebApplication app)
    {
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        var store = app.Services.GetService<CollectionStore>();
        var queue = app.Services.GetRequiredService<EncodingQueue>();
        var factory = Metrics.WithCustomRegistry(registry);
        var points = factory.CreateGauge("splade_collection_points", "Points per collection.", "collection");
        var vectors = factory.CreateGauge("splade_collection_vectors", "Stored vectors per collection.", "collection");
        var segments = factory.CreateGauge("splade_collection_segments", "Sealed index segments per collection.", "collection");
        var depth = factory.CreateGauge("splade_encode_queue_depth", "Encodings running or waiting.");
        var capacity = factory.CreateGauge("splade_encode_queue_capacity", "Encodings that may run or wait before requests are refused with 429.");
        registry.AddBeforeCollectCallback(() =>
        {
            depth.Set(queue.Depth);
            capacity.Set(queue.Concurrency + queue.Length);
            if (store is null)
            {
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var collection in store.Open)
            {
                var statistics = collection.GetStatistics();
                points.WithLabels(collection.Name).Set(statistics.Points);
                vectors.WithLabels(collection.Name).Set(statistics.Vectors);
                segments.WithLabels(collection.Name).Set(statistics.Segments);
                seen.Add(collection.Name);
            }

            foreach (var gauge in new[] { points, vectors, segments })
            {
                Forget(gauge, seen);
            }
        });
        if (store is null)
        {
            // A cluster node: each collection's points, counted over its shards as its info counts them. Its vectors and segments
            // are not gathered from the shards, so those two gauges stay empty.
            var catalog = app.Services.GetRequiredService<ICollectionCatalog>();
            registry.AddBeforeCollectCallback(async _ =>
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var name in await catalog.ListAsync().ConfigureAwait(false))
                {
                    try
                    {
                        points.WithLabels(name).Set((await catalog.GetInfoAsync(name).ConfigureAwait(false)).PointsCount);
                        seen.Add(name);
                    }
                    catch (Exception error) when (error is not OperationCanceledException)
                    {
                        // Deleted since it was listed, or its shards cannot be counted now: left out of this scrape, never failing it.
                    }
                }

                Forget(points, seen);
            });
        }

        app.MapMetrics("/metrics", registry);
    }

    /// <summary>Removes the series of the collections that are gone.</summary>
    private static void Forget(Gauge gauge, HashSet<string> seen)
    {
        foreach (var labels in gauge.GetAllLabelValues())
        {
            if (!seen.Contains(labels[0]))
            {
                gauge.RemoveLabelled(labels);
            }
        }
    }
}
