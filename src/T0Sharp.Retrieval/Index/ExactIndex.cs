namespace T0Sharp.Retrieval.Index;

/// <summary>
/// Brute-force search: every query is compared with every vector (squared L2, computed in float64 and reported as
/// float32). Exact, O(n·d) per query: the right choice for pools up to some hundred thousand vectors, and the
/// reference the approximate index's recall is measured against.
/// </summary>
public sealed class ExactIndex(int dimension) : IVectorIndex
{
    readonly List<float[]> _vectors = [];

    public string Kind => "exact";
    public long Count => _vectors.Count;

    public void Add(long firstId, IReadOnlyList<float[]> vectors)
    {
        if (firstId != _vectors.Count) throw new ArgumentException($"exact index: expected id {_vectors.Count} next, got {firstId}");
        foreach (var v in vectors)
        {
            if (v.Length != dimension) throw new ArgumentException($"vector of {v.Length} values, expected {dimension}");
            _vectors.Add(v);
        }
    }

    public IReadOnlyList<Neighbor> Search(float[] query, int k)
    {
        // A bounded max-heap of the k best (largest distance on top).
        var heap = new PriorityQueue<long, (double D, long Id)>(Comparer<(double D, long Id)>.Create((a, b) =>
            b.D != a.D ? b.D.CompareTo(a.D) : b.Id.CompareTo(a.Id)));
        for (int i = 0; i < _vectors.Count; i++)
        {
            var d = SquaredL2(query, _vectors[i]);
            if (heap.Count < k) heap.Enqueue(i, (d, i));
            else if (heap.TryPeek(out _, out var worst) && (d < worst.D || (d == worst.D && i < worst.Id))) heap.EnqueueDequeue(i, (d, i));
        }
        var result = new List<Neighbor>(heap.Count);
        while (heap.TryDequeue(out var id, out var p)) result.Add(new Neighbor(id, (float)p.D));
        result.Reverse();
        return result;
    }

    public static double SquaredL2(float[] a, float[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; s += d * d; }
        return s;
    }

    public void Dispose() { }
}
