using Splade.Retrieval.Analysis;
using Splade.Retrieval.Evaluation;

namespace Splade.Retrieval.Lexical;

/// <summary>Analyzes a whole corpus into per-document term counts, in parallel, with ids from one vocabulary.</summary>
/// <remarks>
/// Each chunk of documents is analyzed with a private vocabulary, so threads never share a dictionary; the chunks'
/// vocabularies are then merged into the shared one in chunk order, which keeps term ids deterministic (first
/// appearance in corpus order), and each document's ids are translated and re-sorted.
/// </remarks>
internal static class CorpusAnalysis
{
    private const int ChunkSize = 256;

    public static TermCounts[] Analyze(
        IReadOnlyList<CorpusDocument> documents,
        ITextAnalyzer analyzer,
        TermVocabulary vocabulary,
        IProgress<int>? progress = null)
    {
        var analyzed = 0;
        var reportLock = new Lock();
        var counts = new TermCounts[documents.Count];
        var chunkCount = (documents.Count + ChunkSize - 1) / ChunkSize;
        var chunkVocabularies = new TermVocabulary[chunkCount];
        Parallel.For(0, chunkCount, () => new List<uint>(), (chunk, _, scratch) =>
        {
            var local = new TermVocabulary();
            var end = Math.Min(documents.Count, (chunk + 1) * ChunkSize);
            for (var i = chunk * ChunkSize; i < end; i++)
            {
                counts[i] = TermCounts.FromText(documents[i].FullText, analyzer, local, scratch);
            }

            chunkVocabularies[chunk] = local;
            if (progress is not null)
            {
                // Reporting under the lock keeps the count that threads report from going backwards.
                lock (reportLock)
                {
                    analyzed += end - (chunk * ChunkSize);
                    progress.Report(analyzed);
                }
            }

            return scratch;
        }, _ => { });

        var globalIds = new uint[64];
        for (var chunk = 0; chunk < chunkCount; chunk++)
        {
            var local = chunkVocabularies[chunk];
            if (globalIds.Length < local.Count)
            {
                globalIds = new uint[local.Count * 2];
            }

            for (var id = 0u; id < (uint)local.Count; id++)
            {
                globalIds[id] = vocabulary.GetOrAdd(local.TermOf(id));
            }

            var end = Math.Min(documents.Count, (chunk + 1) * ChunkSize);
            for (var i = chunk * ChunkSize; i < end; i++)
            {
                var ids = counts[i].Ids;
                for (var j = 0; j < ids.Length; j++)
                {
                    ids[j] = globalIds[ids[j]];
                }

                Array.Sort(ids, counts[i].Counts);
            }
        }

        return counts;
    }
}
