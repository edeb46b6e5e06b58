namespace Splade.Cli;

/// <summary>The process exit codes every command uses.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The command line itself was wrong (System.CommandLine's parse errors also exit with 1).</summary>
    public const int UsageError = 1;

    /// <summary>An input (file, model folder, index, JSON) was missing or invalid; the message names it.</summary>
    public const int InputError = 2;

    /// <summary>An unexpected failure.</summary>
    public const int InternalError = 3;

    /// <summary>The command ran out of the time it was given before it finished (<c>splade cluster drain --timeout</c>); the
    /// message says what is left.</summary>
    public const int TimedOut = 4;
}
