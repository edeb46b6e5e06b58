using CsCheck;
using Splade.Index.Approximate;

namespace Splade.Index.Tests.Approximate;

/// <summary>The packed block ordinals and 4-bit summary levels, and the summary dot product over packed levels.</summary>
public sealed class PackedArraysTests
{
    [Fact]
    public void PackedOrdinalsReadBackWhatWasPacked()
    {
        Gen.Select(Gen.Int[0, 200], Gen.Bool, Gen.Int[0, int.MaxValue]).Sample((count, wide, seed) =>
        {
            var random = new Random(seed);
            var width = wide ? 4 : 3;
            var limit = wide ? int.MaxValue : (1 << 24) - 1;
            var ordinals = Enumerable.Range(0, count).Select(i => i % 5 == 0 ? limit : random.Next(0, limit)).ToArray();
            var packed = PackedOrdinals.Pack(ordinals, width);
            Assert.Equal((count * width) + PackedOrdinals.Padding, packed.Length);
            var view = new PackedOrdinals(packed, width);
            Assert.Equal(count, view.Count);
            Assert.Equal(ordinals, Enumerable.Range(0, count).Select(i => new PackedOrdinals(packed, width)[i]));
        });
    }

    [Fact]
    public void AnOrdinalTooLargeForThreeBytesIsRefused()
    {
        Assert.Equal(3, PackedOrdinals.WidthFor(1 << 24));
        Assert.Equal(4, PackedOrdinals.WidthFor((1 << 24) + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PackedOrdinals.Pack([5, 1 << 24], 3));
    }

    [Fact]
    public void PackedLevelsReadBackWhatWasPackedAndRefuseLevelsAbove15()
    {
        Gen.Byte[0, 15].Array[0, 99].Sample(levels => Assert.Equal(levels, PackedLevels.Unpack(PackedLevels.Pack(levels), levels.Length)));
        Assert.Throws<ArgumentOutOfRangeException>(() => PackedLevels.Pack([3, 16]));
    }

    [Fact]
    public void TheSummaryDotOverPackedLevelsEqualsADirectSumFromAnyFirstEntry()
    {
        Gen.Select(Gen.Byte[1, 15].Array[1, 60], Gen.Int[0, int.MaxValue]).Sample((levels, seed) =>
        {
            var random = new Random(seed);
            var dense = Enumerable.Range(0, 50).Select(_ => (float)random.NextDouble()).ToArray();
            var terms = levels.Select(_ => (ushort)random.Next(0, 50)).ToArray();
            var packed = PackedLevels.Pack(levels);
            var first = random.Next(0, levels.Length);
            var length = random.Next(0, levels.Length - first + 1);
            var expected = 0d;
            for (var i = first; i < first + length; i++)
            {
                expected += dense[terms[i]] * (double)levels[i];
            }

            var actual = DenseQueryKernels.QuantizedDot(dense, terms.AsSpan(first, length), packed, first);
            Assert.Equal(expected, actual, 1e-3);
        });
    }
}
