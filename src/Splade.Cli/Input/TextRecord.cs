namespace Splade.Cli.Input;

/// <summary>One input line of <c>splade encode</c>: an id and its text.</summary>
internal readonly record struct TextRecord(string Id, string Text);
