using System.Text.Json;
using System.Text.Json.Serialization;

namespace T0Sharp.Retrieval.Embedding;

/// <summary>What an embedding cache holds and for which model and pool it is valid.</summary>
public sealed record EmbeddingMeta(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("pool")] string Pool,
    [property: JsonPropertyName("dimension")] int Dimension,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("complete")] bool Complete);

/// <summary>
/// Embeddings on disk: <c>vectors.f32</c> (row-major little-endian float32, one row of <c>dimension</c> values per
/// pool example, in pool order) and <c>meta.json</c>. Written chunk by chunk: after each appended chunk the file is
/// flushed and meta.json rewritten atomically with the new count, so an interrupted run resumes after the last
/// complete chunk (a partial trailing row is cut off). A cache made for another model or pool key is refused.
/// Reading streams chunks, so an index over millions of vectors is built without holding them all in memory.
/// </summary>
public sealed class EmbeddingStore
{
    public const string VectorsFile = "vectors.f32", MetaFile = "meta.json";

    EmbeddingStore(string folder, EmbeddingMeta meta) { Folder = folder; Meta = meta; }

    public string Folder { get; }
    public EmbeddingMeta Meta { get; private set; }
    public int Dimension => Meta.Dimension;
    public long Count => Meta.Count;
    public bool Complete => Meta.Complete;

    /// <summary>Opens the cache in <paramref name="folder"/> for (model, pool), creating it when absent.</summary>
    public static EmbeddingStore Open(string folder, string model, string pool, int dimension)
    {
        Directory.CreateDirectory(folder);
        var metaPath = Path.Combine(folder, MetaFile);
        var vectors = Path.Combine(folder, VectorsFile);
        if (File.Exists(metaPath))
        {
            var meta = JsonSerializer.Deserialize<EmbeddingMeta>(File.ReadAllText(metaPath))
                ?? throw new InvalidDataException($"{metaPath}: empty embedding cache description");
            if (meta.Model != model || meta.Pool != pool || meta.Dimension != dimension)
                throw new InvalidOperationException($"{folder} holds embeddings of pool '{meta.Pool}' by model '{meta.Model}' ({meta.Dimension} dims), " +
                    $"not of pool '{pool}' by '{model}' ({dimension} dims): use another --out folder or delete it");
            // Cut anything written after the last recorded chunk (a crash between append and meta update).
            long bytes = meta.Count * dimension * sizeof(float);
            if (!File.Exists(vectors) || new FileInfo(vectors).Length < bytes)
                throw new InvalidDataException($"{vectors} is shorter than {meta.Count} vectors: delete the folder and embed again");
            using (var f = new FileStream(vectors, FileMode.Open, FileAccess.Write)) f.SetLength(bytes);
            return new EmbeddingStore(folder, meta);
        }
        File.WriteAllBytes(vectors, []);
        var fresh = new EmbeddingStore(folder, new EmbeddingMeta(model, pool, dimension, 0, false));
        fresh.WriteMeta();
        return fresh;
    }

    /// <summary>Appends vectors (each of <see cref="Dimension"/> values) and records the new count.</summary>
    public void Append(IReadOnlyList<float[]> vectors)
    {
        using (var f = new FileStream(Path.Combine(Folder, VectorsFile), FileMode.Append, FileAccess.Write))
        {
            foreach (var v in vectors)
            {
                if (v.Length != Dimension) throw new ArgumentException($"vector of {v.Length} values, expected {Dimension}");
                f.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(v.AsSpan()));
            }
            f.Flush(flushToDisk: true);
        }
        Meta = Meta with { Count = Meta.Count + vectors.Count };
        WriteMeta();
    }

    /// <summary>Marks the cache complete (every pool example embedded).</summary>
    public void MarkComplete() { Meta = Meta with { Complete = true }; WriteMeta(); }

    /// <summary>Streams (first row index, rows) chunks of at most <paramref name="chunkRows"/> vectors.</summary>
    public IEnumerable<(long Start, float[][] Rows)> Read(int chunkRows = 4096)
    {
        using var f = new FileStream(Path.Combine(Folder, VectorsFile), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var buffer = new byte[chunkRows * Dimension * sizeof(float)];
        for (long start = 0; start < Count; start += chunkRows)
        {
            int rows = (int)Math.Min(chunkRows, Count - start);
            f.ReadExactly(buffer, 0, rows * Dimension * sizeof(float));
            var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(buffer.AsSpan(0, rows * Dimension * sizeof(float)));
            var chunk = new float[rows][];
            for (int r = 0; r < rows; r++) chunk[r] = floats.Slice(r * Dimension, Dimension).ToArray();
            yield return (start, chunk);
        }
    }

    void WriteMeta() => T0Sharp.Core.AtomicFile.WriteAllText(Path.Combine(Folder, MetaFile), JsonSerializer.Serialize(Meta));
}
