namespace Splade.Cli.Synthetic;

/// <summary>The shape of a <see cref="SyntheticSpladeCorpus"/>; defaults follow published MS MARCO SPLADE statistics.</summary>
internal sealed record SyntheticCorpusOptions
{
    /// <summary>The vocabulary size: 30,522 (BERT WordPiece), as in SPLADE.</summary>
    public uint Vocabulary { get; init; } = 30_522;

    /// <summary>The mean number of non-zeros per document: about 126 for SPLADE on MS MARCO passages.</summary>
    public int MeanDocumentTerms { get; init; } = 126;

    /// <summary>The mean number of non-zeros per query: about 49.</summary>
    public int MeanQueryTerms { get; init; } = 49;

    /// <summary>The Zipf exponent of term popularity (rank r is drawn with probability proportional to 1 / r^s). Default 1.0.</summary>
    public double ZipfExponent { get; init; } = 1.0;

    /// <summary>The fraction of a query's terms taken from one target document, so that queries have relevant matches. Default 0.5.</summary>
    public double QueryOverlap { get; init; } = 0.5;

    /// <summary>
    /// The number of latent topics; zero (the default) draws every term from the global popularity alone, so the collection has no
    /// topical structure. With topics, each document belongs to one topic and draws <see cref="TopicShare"/> of its terms from that
    /// topic's vocabulary, the way real passages share the terms of their subject; queries follow their target document's topic.
    /// </summary>
    public int Topics { get; init; }

    /// <summary>The number of terms in each topic's vocabulary (drawn from the whole vocabulary, ranked Zipf-like inside the topic). Default 400.</summary>
    public int TermsPerTopic { get; init; } = 400;

    /// <summary>The fraction of a document's terms (and of a query's terms not taken from its target) drawn from its topic. Default 0.6.</summary>
    public double TopicShare { get; init; } = 0.6;

    /// <summary>The seed; equal seeds give identical corpora.</summary>
    public int Seed { get; init; } = 42;
}
