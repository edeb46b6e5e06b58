namespace Splade.Server.Http;

/// <summary>A request the HTTP layer refuses, with the status code and the message the client gets in Qdrant's error shape.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public ApiException()
    {
    }

    public ApiException(string message)
        : base(message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int StatusCode { get; } = 400;

    /// <summary>When set, the answer carries a Retry-After header with this many seconds.</summary>
    public int? RetryAfterSeconds { get; init; }

    public static ApiException BadRequest(string message) => new(400, message);

    public static ApiException Validation(string message) => new(422, "Validation error in JSON body: " + message);

    public static ApiException Limit(string message) => new(400, "Limit exceeded: " + message);
}
