namespace Splade.Server.Tests.Process;

/// <summary>What a crash did to one writer's operation in flight.</summary>
internal enum CrashOutcome
{
    /// <summary>The writer had no operation unanswered when the server died.</summary>
    NothingInFlight,

    /// <summary>The unanswered operation is not there (or left the state as it was).</summary>
    InFlightLost,

    /// <summary>The unanswered operation is there, whole.</summary>
    InFlightApplied,
}
