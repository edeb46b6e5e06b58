namespace Splade.Retrieval.Lexical;

/// <summary>Lucene 4.8's one-byte document-length encoding for BM25, reproduced to match its scores.</summary>
/// <remarks>
/// Lucene stores <c>1 / sqrt(length)</c> as a float with a 3-bit mantissa and 5-bit exponent (SmallFloat's
/// "byte315") and decodes the byte back to <c>1 / f²</c>, so long documents share coarse length buckets.
/// </remarks>
internal static class LuceneNorms
{
    /// <summary>The length Lucene's BM25 sees for a document with <paramref name="length"/> tokens.</summary>
    public static float QuantizedLength(int length)
    {
        var encoded = Encode(1f / MathF.Sqrt(length));
        if (encoded == 0)
        {
            // Lucene decodes byte 0 as the reciprocal of the largest length's entry.
            var largest = Decode(255);
            return largest * largest;
        }

        var decoded = Decode(encoded);
        return 1f / (decoded * decoded);
    }

    private static byte Encode(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value);
        var small = bits >> (24 - 3);
        if (small <= (63 - 15) << 3)
        {
            return bits <= 0 ? (byte)0 : (byte)1;
        }

        if (small >= ((63 - 15) << 3) + 0x100)
        {
            return 255;
        }

        return (byte)(small - ((63 - 15) << 3));
    }

    private static float Decode(byte value)
    {
        if (value == 0)
        {
            return 0f;
        }

        var bits = value << (24 - 3);
        bits += (63 - 15) << 24;
        return BitConverter.Int32BitsToSingle(bits);
    }
}
