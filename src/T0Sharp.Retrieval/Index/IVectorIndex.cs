namespace T0Sharp.Retrieval.Index;

/// <summary>One neighbour: the pool row and its squared L2 distance to the query (smaller is closer).</summary>
public readonly record struct Neighbor(long Id, float Distance);

/// <summary>
/// A nearest-neighbour index over pool embeddings under squared L2 distance (FAISS's default, which DEFT's index
/// used). Vectors are added in chunks as they stream from the embedding cache; ids are pool row numbers.
/// </summary>
public interface IVectorIndex : IDisposable
{
    string Kind { get; }
    long Count { get; }
    void Add(long firstId, IReadOnlyList<float[]> vectors);

    /// <summary>The k nearest rows, closest first (ties: smaller id first for the exact index).</summary>
    IReadOnlyList<Neighbor> Search(float[] query, int k);
}
