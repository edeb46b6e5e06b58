namespace Splade.Cli.Synthetic;

/// <summary>Walker's alias method: draws from a fixed discrete distribution in constant time.</summary>
internal sealed class AliasTable
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    public AliasTable(ReadOnlySpan<double> weights)
    {
        var n = weights.Length;
        _probability = new double[n];
        _alias = new int[n];
        var total = 0.0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var scaled = new double[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            scaled[i] = weights[i] * n / total;
            (scaled[i] < 1.0 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var less = small.Pop();
            var more = large.Pop();
            _probability[less] = scaled[less];
            _alias[less] = more;
            scaled[more] = scaled[more] + scaled[less] - 1.0;
            (scaled[more] < 1.0 ? small : large).Push(more);
        }

        foreach (var rest in large.Concat(small))
        {
            _probability[rest] = 1.0;
        }
    }

    public int Sample(ref SplitMixRandom random)
    {
        var column = random.NextInt(_probability.Length);
        return random.NextDouble() < _probability[column] ? column : _alias[column];
    }
}
