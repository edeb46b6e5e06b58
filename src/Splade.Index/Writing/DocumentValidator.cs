using System.Text;
using System.Text.Json;

namespace Splade.Index.Writing;

/// <summary>Checks documents at the public boundary and converts them to <see cref="PreparedDocument"/>; nothing is written unless all pass.</summary>
internal static class DocumentValidator
{
    public static PreparedDocument Prepare(IndexDocument document, int position)
    {
        ArgumentNullException.ThrowIfNull(document);
        var where = $"document {position} (id '{Truncate(document.Id)}')";
        ValidateId(document.Id, where);
        if (document.Vector is null)
        {
            throw new ArgumentException($"{where} has no vector.", nameof(document));
        }

        if (document.Dense is { } dense)
        {
            ValidateDense(dense, where);
        }

        return new PreparedDocument
        {
            Id = document.Id,
            IdUtf8 = Encoding.UTF8.GetBytes(document.Id),
            Vector = document.Vector,
            MetadataUtf8 = document.Metadata is null ? null : JsonSerializer.SerializeToUtf8Bytes(document.Metadata),
            TextUtf8 = document.Text is null ? null : Encoding.UTF8.GetBytes(document.Text),
            Dense = document.Dense is null ? null : (float[])document.Dense.Clone(),
        };
    }

    public static void ValidateId(string? id, string where)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new ArgumentException($"{where} has an empty id.", nameof(id));
        }

        if (FirstInvalidUtf16(id) is { } bad)
        {
            throw new ArgumentException(
                $"{where} is not valid Unicode: it has a lone surrogate (U+{(int)id[bad]:X4}) at position {bad}. Ids are stored as UTF-8, "
                + "which cannot hold it; replacing it would make distinct ids collide.",
                nameof(id));
        }

        var bytes = Encoding.UTF8.GetByteCount(id);
        if (bytes > IndexDocument.MaxIdBytes)
        {
            throw new ArgumentException($"{where} has an id of {bytes} UTF-8 bytes; the limit is {IndexDocument.MaxIdBytes}.", nameof(id));
        }
    }

    /// <summary>The position of the first char of <paramref name="text"/> that is not part of a valid UTF-16 sequence (a high
    /// surrogate without its low one, or a low one alone), or null when the text is valid.</summary>
    public static int? FirstInvalidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return i;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return i;
            }
        }

        return null;
    }

    public static void ValidateDense(ReadOnlySpan<float> dense, string where)
    {
        if (dense.Length == 0)
        {
            throw new ArgumentException($"{where} has an empty dense vector.");
        }

        for (var i = 0; i < dense.Length; i++)
        {
            if (!float.IsFinite(dense[i]))
            {
                throw new ArgumentException($"{where} has a non-finite dense value ({dense[i]}) at position {i}.");
            }
        }
    }

    private static string Truncate(string? id) => id is null ? "(null)" : id.Length <= 40 ? id : id[..40] + "...";
}
