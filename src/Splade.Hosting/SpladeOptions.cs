using Splade.Encoding;
using Splade.Index;

namespace Splade.Hosting;

/// <summary>What <see cref="SpladeServiceCollectionExtensions.AddSplade"/> registers: which SPLADE model to load and which index to open.</summary>
/// <remarks>
/// <para>Bind it from configuration (<c>services.Configure&lt;SpladeOptions&gt;(configuration.GetSection("Splade"))</c>) or set it in
/// the delegate given to <c>AddSplade</c>; both are read once, when the encoder or the index is first resolved.</para>
/// <para>Thread safety: a plain settings object; set it during start-up, before the services are resolved.</para>
/// </remarks>
public sealed class SpladeOptions
{
    /// <summary>The SPLADE model folder (config.json, tokenizer files, <c>onnx/model.onnx</c>); null for the shipped model, which
    /// needs the Splade.Models package (<see cref="SpladeEncoder.LoadDefault"/>).</summary>
    public string? ModelFolder { get; set; }

    /// <summary>The encoder's settings; null for the defaults.</summary>
    public SpladeEncoderOptions? Encoder { get; set; }

    /// <summary>The index folder, opened as its one writer (created when absent); null for an index held in memory only.</summary>
    public string? IndexFolder { get; set; }

    /// <summary>The index's settings; null for the defaults.</summary>
    public IndexOptions? Index { get; set; }
}
