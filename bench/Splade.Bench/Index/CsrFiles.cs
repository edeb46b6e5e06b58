using System.Runtime.InteropServices;
using Splade.Core;

namespace Splade.Bench.Index;

/// <summary>Writes vectors as raw CSR arrays (name.indptr int64, name.indices int32, name.data float32) for the SciPy peer.</summary>
internal static class CsrFiles
{
    public static void Write(string prefix, IEnumerable<SparseVector> vectors)
    {
        using var indptr = new BinaryWriter(File.Create(prefix + ".indptr"));
        using var indices = new BufferedStream(File.Create(prefix + ".indices"), 1 << 20);
        using var data = new BufferedStream(File.Create(prefix + ".data"), 1 << 20);
        long offset = 0;
        indptr.Write(offset);
        foreach (var vector in vectors)
        {
            indices.Write(MemoryMarshal.AsBytes(vector.Indices));
            data.Write(MemoryMarshal.AsBytes(vector.Values));
            offset += vector.Count;
            indptr.Write(offset);
        }
    }
}
