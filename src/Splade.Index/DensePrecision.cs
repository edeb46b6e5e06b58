using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Splade.Index;

/// <summary>How an index stores its documents' dense vectors (<see cref="IndexOptions.DensePrecision"/>).</summary>
/// <remarks>Thread safety: an enumeration; its values are immutable and may be shared between threads.</remarks>
[JsonConverter(typeof(DensePrecisionJsonConverter))]
public enum DensePrecision
{
    /// <summary>IEEE single precision, 4 bytes a value: scores are exact.</summary>
    [SuppressMessage(
        "Naming",
        "CA1720:Identifier contains type name",
        Justification = "float32 and int8 are the names of the storage forms, as the CLI and the docs spell them.")]
    Float32,

    /// <summary>
    /// One float scale per vector plus one signed byte a value (about a quarter of the bytes). Each vector is quantised symmetrically:
    /// scale = max |x| / 127, code = round(x / scale); the query stays float32, so a score is scale × dot(query, codes) and differs
    /// from the float32 score by at most scale / 2 × ‖query‖₁.
    /// </summary>
    [SuppressMessage(
        "Naming",
        "CA1720:Identifier contains type name",
        Justification = "float32 and int8 are the names of the storage forms, as the CLI and the docs spell them.")]
    Int8,
}

/// <summary>Writes <see cref="DensePrecision"/> as "float32" or "int8" in the commit file and in statistics, the names the CLI takes.</summary>
/// <remarks>Public so that source-generated serializers in other assemblies (the CLI's) can create it. Thread safety: stateless; one
/// instance may serve any number of serializers and threads at once.</remarks>
public sealed class DensePrecisionJsonConverter() : JsonStringEnumConverter<DensePrecision>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
