using System.Text.Json.Nodes;

namespace Splade.Server.Storage;

/// <summary>Reads and removes payload values by key path: keys joined by dots, <c>[]</c> after a key for every element of an array.</summary>
internal static class PayloadPaths
{
    /// <summary>Removes the value(s) at <paramref name="path"/> from <paramref name="payload"/>; a missing path changes nothing.</summary>
    public static void Remove(JsonObject payload, string path) => Remove(payload, path.Split('.'), 0);

    /// <summary>A payload holding only <paramref name="paths"/> (top-level keys or dotted paths through objects).</summary>
    public static JsonObject Include(JsonObject payload, IEnumerable<string> paths)
    {
        var result = new JsonObject();
        foreach (var path in paths)
        {
            var parts = path.Split('.');
            JsonNode? source = payload;
            foreach (var part in parts)
            {
                source = source is JsonObject obj && obj.TryGetPropertyValue(part, out var child) ? child : null;
                if (source is null)
                {
                    break;
                }
            }

            if (source is null && !(parts.Length == 1 && payload.ContainsKey(parts[0])))
            {
                continue;
            }

            var target = result;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (target[parts[i]] is not JsonObject next)
                {
                    next = new JsonObject();
                    target[parts[i]] = next;
                }

                target = next;
            }

            target[parts[^1]] = source?.DeepClone();
        }

        return result;
    }

    private static void Remove(JsonNode? node, string[] parts, int at)
    {
        var part = parts[at];
        var expand = part.EndsWith("[]", StringComparison.Ordinal);
        var key = expand ? part[..^2] : part;
        if (node is not JsonObject obj || !obj.TryGetPropertyValue(key, out var child))
        {
            return;
        }

        if (at == parts.Length - 1)
        {
            if (expand && child is JsonArray array)
            {
                array.Clear();
            }
            else
            {
                obj.Remove(key);
            }

            return;
        }

        if (expand && child is JsonArray elements)
        {
            foreach (var element in elements)
            {
                Remove(element, parts, at + 1);
            }
        }
        else
        {
            Remove(child, parts, at + 1);
        }
    }
}
