using Splade.Core;

namespace Splade.Cli.Commands;

/// <summary>Turns query text into a sparse vector; the search command accepts text queries only when one is plugged in (for example a SPLADE model).</summary>
internal delegate SparseVector TextQueryEncoder(string text);
