using Microsoft.Extensions.Logging;
using Splade.Tests.Shared;

namespace Splade.Encoding.Tests;

/// <summary>The SPLADE encoder's async methods give the synchronous results, stop when cancelled, and the encoder logs.</summary>
public sealed class AsyncEncodingTests
{
    private static readonly string[] Texts = ["orangutans climb trees", "the stock market fell sharply", "", "rainforest apes eat fruit"];

    [Fact]
    public async Task Async_encoding_gives_the_synchronous_vectors()
    {
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"), new SpladeEncoderOptions { BatchSize = 2, QueryTopK = 5 });
        Assert.Equal(encoder.EncodeBatch(Texts), await encoder.EncodeBatchAsync(Texts));
        Assert.Equal(encoder.Encode(Texts[0]), await encoder.EncodeAsync(Texts[0]));
        Assert.Equal(encoder.EncodeQuery(Texts[3]), await encoder.EncodeQueryAsync(Texts[3]));
    }

    [Fact]
    public async Task A_cancelled_token_stops_encoding_and_is_logged()
    {
        var logger = new ListLogger();
        using var encoder = SpladeEncoder.Load(TestPaths.Fixture("tiny-splade-random"), null, logger);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => encoder.EncodeBatchAsync(Texts, cancelled.Token));
        Assert.Throws<OperationCanceledException>(() => encoder.EncodeBatch(Texts, cancelled.Token));

        encoder.EncodeBatch(Texts);
        Assert.Contains(
            logger.Events, e => e.Id == 1001 && e.Level == LogLevel.Information && e.Message.Contains("special tokens Keep", StringComparison.Ordinal));
        Assert.Contains(logger.Events, e => e.Id == 1002 && e.Message.StartsWith("Encoded 4 texts (4 sequences)", StringComparison.Ordinal));
        Assert.Contains(logger.Events, e => e.Id == 1003);
    }

    private sealed class ListLogger : ILogger
    {
        public List<(int Id, LogLevel Level, string Message)> Events { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Events)
            {
                Events.Add((eventId.Id, logLevel, formatter(state, exception)));
            }
        }
    }
}
