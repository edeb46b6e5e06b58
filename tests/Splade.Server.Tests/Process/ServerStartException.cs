namespace Splade.Server.Tests.Process;

/// <summary><c>splade serve</c> did not come up: the message carries its exit code and the last lines it printed.</summary>
internal sealed class ServerStartException(string message) : Exception(message);
