using System.Text.Json.Nodes;
using CsCheck;
using Splade.Core;

namespace Splade.Index.Tests;

/// <summary>CsCheck generators of small random collections, operations and queries; small vocabularies make ties and overlaps common.</summary>
internal static class RandomCorpus
{
    public static Gen<SparseVector> Vector(uint vocabulary, int maxTerms, bool allowNegative = false) =>
        Gen.Int[1, maxTerms].SelectMany(n =>
            Gen.UInt[0, vocabulary - 1].HashSet[n, n].SelectMany(terms =>
                (allowNegative ? Gen.Int[-4, 12] : Gen.Int[0, 12]).Array[terms.Count].Select(weights =>
                {
                    var indices = terms.OrderBy(t => t).ToArray();
                    // Quarter steps produce many exact ties between documents.
                    var values = weights.Select(w => w * 0.25f).ToArray();
                    return new SparseVector(indices, values);
                })));

    public static Gen<IndexDocument> Document(int idSpace, uint vocabulary, int maxTerms) =>
        Gen.Select(Gen.Int[0, idSpace - 1], Vector(vocabulary, maxTerms), Gen.Int[1990, 2010], Gen.OneOfConst("en", "fr", "de"))
            .Select((id, vector, year, lang) => new IndexDocument($"d{id}", vector)
            {
                Metadata = new JsonObject { ["year"] = year, ["lang"] = lang },
            });

    /// <summary>A script of writes: mostly upserts (ids repeat, so some replace), some deletes (some of unknown ids), some flushes.</summary>
    public static Gen<Operation[]> Operations(int count, int idSpace, uint vocabulary, int maxTerms) =>
        Gen.Frequency(
            (8, Document(idSpace, vocabulary, maxTerms).Select(d => new Operation(d, null, false))),
            (2, Gen.Int[0, idSpace].Select(i => new Operation(null, $"d{i}", false))),
            (1, Gen.Const(new Operation(null, null, true)))).Array[1, count];

    public static void Apply(Operation operation, SparseIndex index, ReferenceCollection reference)
    {
        if (operation.Upsert is { } document)
        {
            index.Upsert(document);
            reference.Upsert(document);
        }
        else if (operation.DeleteId is { } id)
        {
            Assert.Equal(reference.Delete(id), index.Delete(id));
        }
        else
        {
            index.Flush();
        }
    }

    internal sealed record Operation(IndexDocument? Upsert, string? DeleteId, bool Flush)
    {
        public override string ToString() => Upsert is not null ? $"upsert {Upsert.Id}" : DeleteId is not null ? $"delete {DeleteId}" : "flush";
    }
}
