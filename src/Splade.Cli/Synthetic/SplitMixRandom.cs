namespace Splade.Cli.Synthetic;

/// <summary>A small, fast, seedable generator (SplitMix64) whose output is fixed across .NET versions, unlike <see cref="Random"/>.</summary>
internal struct SplitMixRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, bound).</summary>
    public int NextInt(int bound) => (int)(NextDouble() * bound);

    /// <summary>A standard normal variate (Box-Muller).</summary>
    public double NextGaussian()
    {
        var u = 1.0 - NextDouble();
        var v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    public static ulong Mix(long a, long b)
    {
        var random = new SplitMixRandom(((ulong)a * 0x9E3779B97F4A7C15UL) ^ (ulong)b);
        return random.NextUInt64();
    }
}
