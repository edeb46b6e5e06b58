using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using Scalar.AspNetCore;
using Splade.Server.Catalog;
using Splade.Server.Dashboard;
using Splade.Server.Demo;
using Splade.Server.Http;
using Splade.Server.Http.Endpoints;
using Splade.Server.Http.Mapping;
using Splade.Server.Inference;
using Splade.Server.Json;
using Splade.Server.Storage;

namespace Splade.Server;

/// <summary>Splade.NET's HTTP server: a sparse-dense vector database following Qdrant's REST API, on one data folder.</summary>
/// <remarks>
/// The collection layer (<c>Storage/</c>: collections, points, queries on the engine) knows nothing of HTTP; the HTTP layer
/// (<c>Http/</c>: endpoints by resource, errors, keys, limits) and inference (<c>Inference/</c>: models and the encoding queue) sit
/// on top of it. See docs/SERVER.md.
/// <para>Thread safety: every member may be called from any thread; each call builds its own application, whose request handling is concurrent.</para>
/// </remarks>
public static class SpladeServer
{
    /// <summary>Builds the server, ready to run: collections opened, endpoints mapped. <paramref name="configure"/> may adjust the
    /// builder (tests put it on an in-memory test server).</summary>
    /// <exception cref="InvalidOperationException">The server would listen beyond loopback without an API key and without
    /// <see cref="ServerOptions.Insecure"/>.</exception>
    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null) => Build(options, null, configure);

    /// <summary>Builds the server over <paramref name="catalog"/>'s collections (a cluster's), or over the data folder's
    /// (<see cref="LocalCatalog"/>, with the demo collection) when it is null.</summary>
    internal static WebApplication Build(
        ServerOptions options, Func<IServiceProvider, ICollectionCatalog>? catalog, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckExposure(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SpladeServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls([.. options.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.Limits.MaxBodyBytes);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddOpenApi(openApi => OpenApiDocumentSetup.Configure(openApi));
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(options);
        if (catalog is null)
        {
            builder.Services.AddSingleton(_ => new CollectionStore(options.DataFolder));
            builder.Services.AddSingleton<ICollectionCatalog>(provider => new LocalCatalog(provider.GetRequiredService<CollectionStore>()));
            builder.Services.AddSingleton<DemoCollectionLoader>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<DemoCollectionLoader>());
        }
        else
        {
            builder.Services.AddSingleton(catalog);
        }

        builder.Services.AddSingleton(_ => new ModelRegistry(options.SpladeModels));
        builder.Services.AddSingleton(_ => new EncodingQueue(
            options.EncodeConcurrency ?? Environment.ProcessorCount,
            options.EncodeQueueLength ?? (4 * (options.EncodeConcurrency ?? Environment.ProcessorCount))));
        builder.Services.AddSingleton(provider => new InferenceService(
            provider.GetRequiredService<ModelRegistry>(), provider.GetRequiredService<EncodingQueue>(), options.Limits));
        builder.Services.AddSingleton(provider => new ServerServices(
            provider.GetRequiredService<ICollectionCatalog>(),
            provider.GetRequiredService<InferenceService>(),
            new QueryMapping(provider.GetRequiredService<InferenceService>(), options.Limits),
            options.Limits));
        builder.Services.AddSingleton(new ApiKeys(options.ApiKey, options.ReadOnlyApiKey));
        builder.Services.AddSingleton(_ => Metrics.NewCustomRegistry());
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<DashboardMiddleware>();
        app.UseRouting();
        app.UseMiddleware<ApiKeyMiddleware>();
        ServerMetrics.UseRequestMetrics(app);
        ServiceEndpoints.Map(app);
        ClusterEndpoints.Map(app);
        CollectionsEndpoints.Map(app);
        PointsEndpoints.Map(app);
        PayloadEndpoints.Map(app);
        QueryEndpoints.Map(app);
        SpladeEndpoints.Map(app);
        ServerMetrics.Map(app);
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapScalarApiReference("/docs");
        app.MapFallback(static () => Results.Empty).AddEndpointFilter((context, _) =>
            throw new ApiException(
                StatusCodes.Status404NotFound, $"Not found: no endpoint {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}"));
        app.Lifetime.ApplicationStarted.Register(() => AnnounceAddresses(app));
        return app;
    }

    /// <summary>Runs the server until <paramref name="cancellationToken"/> fires or the process is asked to stop (SIGTERM, Ctrl+C),
    /// then drains in-flight requests and checkpoints every collection.</summary>
    public static async Task RunAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        var app = Build(options);
        await using (app.ConfigureAwait(false))
        {
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static void AnnounceAddresses(WebApplication app)
    {
        var addresses = app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        foreach (var address in addresses ?? [])
        {
            Console.Out.WriteLine($"splade: listening on {address}");
        }

        Console.Out.Flush();
    }

    /// <summary>Refuses to listen beyond loopback without an API key, unless told to (<see cref="ServerOptions.Insecure"/>).</summary>
    private static void CheckExposure(ServerOptions options)
    {
        if (options.Insecure || options.ApiKey is not null)
        {
            return;
        }

        foreach (var url in options.Urls)
        {
            if (!IsLoopback(url))
            {
                throw new InvalidOperationException(
                    $"Refusing to listen on {url} without an API key: set SPLADE_API_KEY or --api-key-file, or pass --insecure to allow it.");
            }
        }
    }

    private static bool IsLoopback(string url)
    {
        var normalized = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
