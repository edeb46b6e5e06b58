using Microsoft.AspNetCore.Http;
using Splade.Server.Http;

namespace Splade.Server.Inference;

/// <summary>The bounded queue every encoding goes through: at most <c>concurrency</c> encodings run at once (sized to the cores), at
/// most <c>length</c> more wait, and a request that would wait beyond that is refused at once with 429 rather than queued.</summary>
internal sealed class EncodingQueue(int concurrency, int length) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
    private int _pending;

    public int Concurrency { get; } = concurrency;

    public int Length { get; } = length;

    /// <summary>Encodings running or waiting now (the metric <c>splade_encode_queue_depth</c>).</summary>
    public int Depth => Volatile.Read(ref _pending);

    /// <summary>Runs <paramref name="work"/> on the thread pool when an encoder is free.</summary>
    /// <param name="work">The encoding.</param>
    /// <param name="cancellationToken">Stops the wait, and is passed to the work.</param>
    /// <param name="background">Background work (the demo's encoding) waits for an encoder however long the queue is.</param>
    /// <exception cref="ApiException">429 when the queue is full (never for background work).</exception>
    public async Task<T> RunAsync<T>(Func<CancellationToken, T> work, CancellationToken cancellationToken, bool background = false)
    {
        if (Interlocked.Increment(ref _pending) > Concurrency + Length && !background)
        {
            Interlocked.Decrement(ref _pending);
            throw new ApiException(StatusCodes.Status429TooManyRequests,
                $"Rate limiting exceeded: the encoding queue is full ({Length} requests waiting for {Concurrency} encoders); retry later.")
            {
                RetryAfterSeconds = 1,
            };
        }

        try
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await Task.Run(() => work(cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

    public void Dispose() => _slots.Dispose();
}
