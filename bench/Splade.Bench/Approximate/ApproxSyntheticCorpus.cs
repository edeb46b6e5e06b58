using Splade.Core;
using Splade.Index.Approximate;

namespace Splade.Bench.Approximate;

/// <summary>
/// A seeded, SPLADE-like synthetic collection written straight into a forward index: a 30522-term vocabulary with Zipfian term
/// popularity, documents of about 120 non-zeros drawn mostly from one or two topics (heavier weights) plus background terms
/// (lighter weights), and queries of about 24 non-zeros drawn from a topic, as SPLADE expansions look.
/// </summary>
internal static class ApproxSyntheticCorpus
{
    public const uint Dimension = 30522;
    private const int TopicCount = 4000;
    private const int TopicPoolSize = 150;

    public static string Description =>
        $"synthetic SPLADE-like (seeded): vocabulary {Dimension}, Zipf(1.0) term popularity, {TopicCount} topics of {TopicPoolSize} terms, " +
        "documents ~120 nnz (80% topical, log-normal weights), queries ~24 nnz from one topic";

    public static ForwardIndex Documents(int count, int seed)
    {
        var random = new Random(seed);
        var model = new TopicModel(random);
        var offsets = new long[count + 1];
        var indices = new List<uint[]>(count);
        var values = new List<float[]>(count);
        for (var d = 0; d < count; d++)
        {
            var nnz = Math.Clamp((int)(120 + (35 * Gaussian(random))), 40, 260);
            var topicA = random.Next(TopicCount);
            var topicB = random.NextDouble() < 0.4 ? random.Next(TopicCount) : topicA;
            var (i, v) = model.Draw(random, nnz, topicA, topicB, topicalShare: 0.8, topicalMu: -0.3, backgroundMu: -1.6);
            indices.Add(i);
            values.Add(v);
            offsets[d + 1] = offsets[d] + i.Length;
        }

        var flatIndices = new uint[offsets[^1]];
        var flatValues = new float[offsets[^1]];
        for (var d = 0; d < count; d++)
        {
            indices[d].CopyTo(flatIndices, offsets[d]);
            values[d].CopyTo(flatValues, offsets[d]);
        }

        return ForwardIndex.FromArrays(offsets, flatIndices, flatValues, Dimension);
    }

    public static List<SparseVector> Queries(int count, int corpusSeed, int querySeed)
    {
        // The topic model must match the documents' one: it is rebuilt from the corpus seed before drawing queries.
        var random = new Random(corpusSeed);
        var model = new TopicModel(random);
        var queryRandom = new Random(querySeed);
        var queries = new List<SparseVector>(count);
        for (var q = 0; q < count; q++)
        {
            var nnz = Math.Clamp((int)(24 + (8 * Gaussian(queryRandom))), 6, 60);
            var topic = queryRandom.Next(TopicCount);
            var (i, v) = model.Draw(queryRandom, nnz, topic, topic, topicalShare: 0.85, topicalMu: -0.1, backgroundMu: -1.3);
            queries.Add(SparseVector.Wrap(i, v, Dimension));
        }

        return queries;
    }

    private static double Gaussian(Random random)
        => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private sealed class TopicModel
    {
        private readonly double[] _cumulative = new double[Dimension];
        private readonly uint[] _termByRank = new uint[Dimension];
        private readonly uint[][] _topics = new uint[TopicCount][];

        public TopicModel(Random random)
        {
            for (var i = 0; i < Dimension; i++)
            {
                _termByRank[i] = (uint)i;
            }

            random.Shuffle(_termByRank);
            var sum = 0d;
            for (var rank = 0; rank < Dimension; rank++)
            {
                sum += 1d / (rank + 10);
                _cumulative[rank] = sum;
            }

            for (var rank = 0; rank < Dimension; rank++)
            {
                _cumulative[rank] /= sum;
            }

            for (var t = 0; t < TopicCount; t++)
            {
                // Topic pools favour rarer terms than the background, as topical vocabulary does.
                _topics[t] = new uint[TopicPoolSize];
                for (var j = 0; j < TopicPoolSize; j++)
                {
                    _topics[t][j] = _termByRank[random.Next(200, (int)Dimension)];
                }
            }
        }

        public (uint[] Indices, float[] Values) Draw(Random random, int nnz, int topicA, int topicB, double topicalShare, double topicalMu, double backgroundMu)
        {
            var weights = new Dictionary<uint, float>(nnz * 2);
            var guard = 0;
            while (weights.Count < nnz && guard++ < nnz * 8)
            {
                uint term;
                double mu;
                if (random.NextDouble() < topicalShare)
                {
                    var pool = _topics[random.NextDouble() < 0.6 ? topicA : topicB];
                    var rank = (int)(TopicPoolSize * random.NextDouble() * random.NextDouble());
                    term = pool[rank];
                    mu = topicalMu - (rank * 0.01);
                }
                else
                {
                    term = _termByRank[SampleRank(random.NextDouble())];
                    mu = backgroundMu;
                }

                var weight = (float)Math.Clamp(Math.Exp(mu + (0.5 * Gaussian(random))), 0.01, 3.5);
                weights[term] = Math.Max(weights.GetValueOrDefault(term), weight);
            }

            var indices = new uint[weights.Count];
            var values = new float[weights.Count];
            var next = 0;
            foreach (var (term, weight) in weights)
            {
                indices[next] = term;
                values[next++] = weight;
            }

            Array.Sort(indices, values);
            return (indices, values);
        }

        private int SampleRank(double u)
        {
            var position = Array.BinarySearch(_cumulative, u);
            return Math.Min(position < 0 ? ~position : position, (int)Dimension - 1);
        }
    }
}
