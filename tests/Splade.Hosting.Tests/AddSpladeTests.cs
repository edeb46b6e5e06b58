using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Splade.Encoding;
using Splade.Index;
using Splade.Tests.Shared;

namespace Splade.Hosting.Tests;

/// <summary><c>services.AddSplade(...)</c>: one line registers an encoder and an index, configured, logged and disposed by the container.</summary>
public sealed class AddSpladeTests : IDisposable
{
    private readonly TempFolder _temp = new("splade-hosting-");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task One_call_registers_an_encoder_and_an_index_that_work_together()
    {
        var folder = _temp.Combine("idx");
        var services = new ServiceCollection().AddLogging();
        services.AddSplade(options =>
        {
            options.ModelFolder = TestPaths.Fixture("tiny-splade-random");
            options.Encoder = new SpladeEncoderOptions { BatchSize = 2 };
            options.IndexFolder = folder;
        });

        SpladeEncoder encoder;
        await using (var provider = services.BuildServiceProvider())
        {
            encoder = provider.GetRequiredService<SpladeEncoder>();
            Assert.Same(encoder, provider.GetRequiredService<SpladeEncoder>());
            Assert.Equal(2, encoder.Options.BatchSize);
            var index = provider.GetRequiredService<SparseIndex>();
            Assert.Same(index, provider.GetRequiredService<SparseIndex>());

            string[] texts = ["orangutans climb trees", "the stock market fell sharply", "rainforest apes"];
            var vectors = await encoder.EncodeBatchAsync(texts);
            await index.UpsertAsync(texts.Select((text, i) => new IndexDocument($"d{i}", vectors[i]) { Text = text }).ToList());
            await index.FlushAsync();
            var results = await index.SearchAsync(await encoder.EncodeQueryAsync("orangutans climb trees"), new SearchOptions { K = 1 });
            Assert.Equal("d0", Assert.Single(results.Hits).Id);
        }

        Assert.Throws<ObjectDisposedException>(() => encoder.Encode("after disposal"));
        using var reopened = SparseIndex.Open(folder);
        Assert.Equal(3, reopened.Count);
    }

    [Fact]
    public void The_encoder_logs_its_model_load_through_the_container_s_logger_factory()
    {
        var sink = new RecordingLoggerProvider();
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
        services.AddSplade(options => options.ModelFolder = TestPaths.Fixture("tiny-splade-random"));
        using var provider = services.BuildServiceProvider();
        var encoder = provider.GetRequiredService<SpladeEncoder>();
        encoder.EncodeBatch(["one text", "another text"]);

        var loaded = Assert.Single(sink.Entries, entry => entry.EventId.Id == 1001);
        Assert.Equal(typeof(SpladeEncoder).FullName, loaded.Category);
        Assert.Equal(LogLevel.Information, loaded.Level);
        Assert.Contains("tiny-splade-random", loaded.Message, StringComparison.Ordinal);
        Assert.Contains(sink.Entries, entry => entry.EventId.Id == 1002 && entry.Level == LogLevel.Debug);
    }

    [Fact]
    public void The_index_logs_its_open_and_commits_through_the_container_s_logger_factory()
    {
        var folder = _temp.Combine("logged");
        var sink = new RecordingLoggerProvider();
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(sink).SetMinimumLevel(LogLevel.Debug));
        services.AddSplade(options => options.IndexFolder = folder);
        using (var provider = services.BuildServiceProvider())
        {
            var index = provider.GetRequiredService<SparseIndex>();
            index.Upsert(new IndexDocument("d0", new Splade.Core.SparseVector([3u, 9u], [1f, 2f])));
            index.Flush();
        }

        var opened = Assert.Single(sink.Entries, entry => entry.EventId.Id == 1001);
        Assert.Equal("Splade.Index.SparseIndex", opened.Category);
        Assert.Contains(folder, opened.Message, StringComparison.Ordinal);
        Assert.Contains(sink.Entries, entry => entry.EventId.Id == 1010 && entry.Category == "Splade.Index.SparseIndex");
    }

    [Fact]
    public void A_logger_factory_given_in_the_index_options_wins_over_the_container_s()
    {
        var container = new RecordingLoggerProvider();
        var own = new RecordingLoggerProvider();
        using var ownFactory = LoggerFactory.Create(logging => logging.AddProvider(own).SetMinimumLevel(LogLevel.Debug));
        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(container).SetMinimumLevel(LogLevel.Debug));
        services.AddSplade(options =>
        {
            options.IndexFolder = _temp.Combine("own");
            options.Index = new IndexOptions { LoggerFactory = ownFactory };
        });
        using (var provider = services.BuildServiceProvider())
        {
            _ = provider.GetRequiredService<SparseIndex>();
        }

        Assert.Contains(own.Entries, entry => entry.EventId.Id == 1001);
        Assert.DoesNotContain(container.Entries, entry => entry.Category == "Splade.Index.SparseIndex");
    }

    [Fact]
    public void Without_an_index_folder_the_index_lives_in_memory_and_a_blank_folder_is_refused_by_name()
    {
        using (var provider = new ServiceCollection().AddSplade().BuildServiceProvider())
        {
            var index = provider.GetRequiredService<SparseIndex>();
            Assert.Equal(0, index.Count);
            Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
        }

        using var blank = new ServiceCollection().AddSplade(options => options.IndexFolder = " ").BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => blank.GetRequiredService<SparseIndex>());
        Assert.Contains("IndexFolder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Calling_it_twice_registers_each_service_once()
    {
        var services = new ServiceCollection().AddSplade().AddSplade(options => options.IndexFolder = "unused");
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(SpladeEncoder));
        Assert.Single(services, descriptor => descriptor.ServiceType == typeof(SparseIndex));
    }
}
