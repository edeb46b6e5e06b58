using System.Text.Json;
using Splade.Server.Model.Points;
using Splade.Server.Storage;

namespace Splade.Server.Json;

/// <summary>Reads <c>with_payload</c>: a boolean, a list of keys, <c>{"include": [..]}</c> or <c>{"exclude": [..]}</c>.</summary>
internal sealed class WithPayloadJsonConverter : InputOnlyJsonConverter<WithPayload>
{
    protected override WithPayload Read(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.True or JsonValueKind.False:
                return new WithPayload(element.GetBoolean() ? PayloadSelector.All : PayloadSelector.None);
            case JsonValueKind.Array:
                return new WithPayload(new PayloadSelector(true, Include: Strings(element, string.Empty)));
            case JsonValueKind.Object:
                var keys = element.EnumerateObject().Select(p => p.Name).ToList();
                if (keys is ["include"])
                {
                    return new WithPayload(new PayloadSelector(true, Include: Strings(element.GetProperty("include"), "include")));
                }

                if (keys is ["exclude"])
                {
                    return new WithPayload(new PayloadSelector(true, Exclude: Strings(element.GetProperty("exclude"), "exclude")));
                }

                throw JsonInput.Error(string.Empty, "expected {\"include\": [...]} or {\"exclude\": [...]} (no other field)");
            default:
                throw JsonInput.Error(string.Empty, $"expected a boolean, a list of keys, or an include/exclude object, got {JsonInput.Describe(element)}");
        }
    }

    internal static List<string> Strings(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw JsonInput.Error(where, $"expected a list of strings, got {JsonInput.Describe(element)}");
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String
                ? item.GetString()!
                : throw JsonInput.Error($"{where}[{i}]", $"expected a string, got {JsonInput.Describe(item)}"));
            i++;
        }

        return list;
    }
}
