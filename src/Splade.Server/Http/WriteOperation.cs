namespace Splade.Server.Http;

/// <summary>Endpoint metadata marking an endpoint that changes data: the read-only API key may not call it.</summary>
internal sealed class WriteOperation
{
    public static WriteOperation Instance { get; } = new();
}
