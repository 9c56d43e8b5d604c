namespace T0Sharp.Synthetic;

/// <summary>
/// A small deterministic RNG (SplitMix64) for the synthetic generators: the same seed gives the same data on
/// every platform and .NET version, which <see cref="System.Random"/> does not promise.
/// </summary>
public sealed class SyntheticRandom(ulong seed)
{
    ulong _state = seed;

    /// <summary>Derives an independent stream, e.g. one per (task, split).</summary>
    public static SyntheticRandom For(long seed, string stream)
    {
        ulong h = 14695981039346656037UL; // FNV-1a over the stream name, mixed with the seed
        foreach (var c in stream) h = (h ^ c) * 1099511628211UL;
        return new SyntheticRandom(h ^ (ulong)seed * 0x9E3779B97F4A7C15UL);
    }

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform integer in [0, n).</summary>
    public int Next(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        return (int)(NextUInt64() % (ulong)n); // bias below 2^-40 for the small n used here
    }

    public bool Coin() => (NextUInt64() & 1) == 1;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Two different items.</summary>
    public (T, T) PickTwo<T>(IReadOnlyList<T> items)
    {
        int a = Next(items.Count), b = Next(items.Count - 1);
        if (b >= a) b++;
        return (items[a], items[b]);
    }

    /// <summary>k different items in random order.</summary>
    public List<T> PickDistinct<T>(IReadOnlyList<T> items, int k)
    {
        var pool = items.ToList();
        for (int i = 0; i < k; i++) { int j = i + Next(pool.Count - i); (pool[i], pool[j]) = (pool[j], pool[i]); }
        return pool.GetRange(0, k);
    }
}
