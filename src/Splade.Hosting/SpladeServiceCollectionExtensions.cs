using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Splade.Encoding;
using Splade.Index;

namespace Splade.Hosting;

/// <summary>Registers Splade.NET's encoder and index with a dependency-injection container.</summary>
/// <remarks>Thread safety: call during start-up, like every <see cref="IServiceCollection"/> extension; the services it registers are
/// thread-safe singletons.</remarks>
public static class SpladeServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="SpladeEncoder"/> and a <see cref="SparseIndex"/>, both singletons created on first use from
    /// <see cref="SpladeOptions"/> and disposed with the container; the encoder and the index log through the container's
    /// <see cref="ILoggerFactory"/> when there is one (an <see cref="IndexOptions.LoggerFactory"/> set in the options wins for the index).
    /// </summary>
    /// <example><code>builder.Services.AddSplade(options => options.IndexFolder = "idx");</code></example>
    /// <param name="services">The container's service collection.</param>
    /// <param name="configure">Sets the options; null to take them from configuration or the defaults (the shipped model, an index
    /// in memory).</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <remarks>Options are checked when the host starts (a blank folder name fails start-up with a message naming the option), and
    /// a model or index that cannot be opened fails the first resolve with the encoder's or the index's own exception. Calling it
    /// twice adds the delegates but registers the services once.</remarks>
    public static IServiceCollection AddSplade(this IServiceCollection services, Action<SpladeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SpladeOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.ModelFolder is null || o.ModelFolder.Trim().Length > 0,
                "SpladeOptions.ModelFolder must not be blank; leave it null for the shipped model.")
            .Validate(o => o.IndexFolder is null || o.IndexFolder.Trim().Length > 0,
                "SpladeOptions.IndexFolder must not be blank; leave it null for an index in memory.")
            .ValidateOnStart();
        services.TryAddSingleton(CreateEncoder);
        services.TryAddSingleton(CreateIndex);
        return services;
    }

    private static SpladeEncoder CreateEncoder(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<SpladeOptions>>().Value;
        var logger = provider.GetService<ILoggerFactory>()?.CreateLogger<SpladeEncoder>() ?? (ILogger)NullLogger.Instance;
        var folder = options.ModelFolder ?? ModelLocator.DefaultModelFolder();
        return SpladeEncoder.Load(folder, options.Encoder, logger);
    }

    private static SparseIndex CreateIndex(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<SpladeOptions>>().Value;
        var indexOptions = options.Index ?? new IndexOptions();
        // The index logs through the container's factory too, unless the application gave the index one of its own.
        if (indexOptions.LoggerFactory is null && provider.GetService<ILoggerFactory>() is { } loggerFactory)
        {
            indexOptions = indexOptions with { LoggerFactory = loggerFactory };
        }

        return options.IndexFolder is { } folder ? SparseIndex.Open(folder, indexOptions) : SparseIndex.CreateInMemory(indexOptions);
    }
}
