using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Splade.Server.Http;

/// <summary>Answers every failure in Qdrant's error shape: known ones with their status and message, anything else with 500 and an
/// id to find the logged details by, never a stack trace.</summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ApiTiming.Start(context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception error) when (!context.Response.HasStarted)
        {
            var described = ApiErrors.Describe(error);
            if (described is null)
            {
                var id = Guid.NewGuid().ToString("N")[..12];
                LogUnexpected(logger, error, id, context.Request.Method, context.Request.Path);
                described = (StatusCodes.Status500InternalServerError, $"Service internal error: an unexpected error occurred (logged as {id}).");
            }

            context.Response.Clear();
            if (error is ApiException { RetryAfterSeconds: int seconds })
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await Api.Error(context, described.Value.StatusCode, described.Value.Message).ExecuteAsync(context).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error {Id} on {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception error, string id, string method, string path);
}
