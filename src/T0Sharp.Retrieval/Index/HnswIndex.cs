using Cloud.Unum.USearch;

namespace T0Sharp.Retrieval.Index;

/// <summary>
/// Approximate search with an HNSW graph (USearch, <c>Cloud.Unum.USearch</c>): squared L2 over float32 vectors.
/// Build cost grows as n·log n and a query visits a few thousand nodes instead of all n, so it scales to millions of
/// vectors where exact search does not; the price is recall below 1, which <see cref="Recall"/> measures against the
/// exact index. <see cref="Connectivity"/> (M) and the expansion factors trade memory and time for recall.
/// </summary>
public sealed class HnswIndex : IVectorIndex
{
    readonly USearchIndex _index;

    public HnswIndex(int dimension, int connectivity = 32, int expansionAdd = 128, int expansionSearch = 256)
    {
        Connectivity = connectivity; ExpansionSearch = expansionSearch;
        _index = new USearchIndex(MetricKind.L2sq, ScalarKind.Float32, (ulong)dimension, (ulong)connectivity, (ulong)expansionAdd, (ulong)expansionSearch);
    }

    HnswIndex(USearchIndex index) => _index = index;

    public int Connectivity { get; }
    public int ExpansionSearch { get; }
    public string Kind => "hnsw";
    public long Count => (long)_index.Size();

    public void Add(long firstId, IReadOnlyList<float[]> vectors)
    {
        var keys = new ulong[vectors.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = (ulong)(firstId + i);
        _index.Add(keys, vectors as float[][] ?? vectors.ToArray());
    }

    public IReadOnlyList<Neighbor> Search(float[] query, int k)
    {
        int found = _index.Search(query, k, out var keys, out var distances);
        var result = new Neighbor[found];
        for (int i = 0; i < found; i++) result[i] = new Neighbor((long)keys[i], distances[i]);
        return result;
    }

    public void Save(string path) => _index.Save(path);

    public static HnswIndex Load(string path) => new(new USearchIndex(path));

    public void Dispose() => _index.Dispose();
}

/// <summary>Recall@k of an approximate index: the share of the exact k nearest neighbours it also returns.</summary>
public static class Recall
{
    public static double AtK(IVectorIndex approximate, IVectorIndex exact, IReadOnlyList<float[]> queries, int k)
    {
        if (queries.Count == 0) return 1.0;
        long hit = 0, total = 0;
        foreach (var q in queries)
        {
            var truth = exact.Search(q, k).Select(n => n.Id).ToHashSet();
            hit += approximate.Search(q, k).Count(n => truth.Contains(n.Id));
            total += truth.Count;
        }
        return total == 0 ? 1.0 : (double)hit / total;
    }
}
