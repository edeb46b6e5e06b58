using System.Text.Json.Nodes;

namespace Splade.Server.Model.Filters;

/// <summary>The <c>match</c> of a field condition.</summary>
internal abstract record Match;

/// <summary><c>{"value": v}</c>: a string, integer or boolean equal to v.</summary>
internal sealed record MatchValue(JsonValue Value) : Match;

/// <summary><c>{"any": [...]}</c>: a value among the list (all strings or all integers).</summary>
internal sealed record MatchAny(IReadOnlyList<JsonValue> Values) : Match;

/// <summary><c>{"except": [...]}</c>: a value outside the list.</summary>
internal sealed record MatchExcept(IReadOnlyList<JsonValue> Values) : Match;

/// <summary>A text match: <c>text</c> and <c>phrase</c> (the string contains it), <c>text_any</c> (contains one of its words),
/// <c>prefix</c> (starts with it). Splade.NET has no full-text index, so these are Qdrant's unindexed, case-sensitive semantics.</summary>
internal sealed record MatchText(string Text, TextMatchKind Kind) : Match;

/// <summary>Which text match.</summary>
internal enum TextMatchKind
{
    Text,
    Phrase,
    TextAny,
    Prefix,
}
