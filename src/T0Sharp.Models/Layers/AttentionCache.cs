using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// Keys and values one attention layer has already computed, laid out (B, H, S, Dh). Self-attention caches grow by
/// the new positions each step; cross-attention caches are filled once from the encoder output and reused.
/// The cache owns its tensors (they live outside any dispose scope) until replaced or disposed.
/// </summary>
public sealed class AttentionCache : IDisposable
{
    public Tensor? Key { get; private set; }
    public Tensor? Value { get; private set; }

    /// <summary>Number of cached positions.</summary>
    public long Length => Key?.shape[2] ?? 0;

    internal void Set(Tensor key, Tensor value)
    {
        var (oldK, oldV) = (Key, Value);
        Key = key.DetachFromDisposeScope();
        Value = value.DetachFromDisposeScope();
        if (!ReferenceEquals(oldK, key)) oldK?.Dispose();
        if (!ReferenceEquals(oldV, value)) oldV?.Dispose();
    }

    /// <summary>Keeps rows <paramref name="batchIndex"/> (beam search reordering, or expanding one prefix to many rows).</summary>
    public void Select(Tensor batchIndex)
    {
        if (Key is null || Value is null) return;
        using var scope = NewDisposeScope();
        Set(Key.index_select(0, batchIndex), Value.index_select(0, batchIndex));
    }

    /// <summary>Repeats a one-row cache <paramref name="rows"/> times as a view (no copy; the cache is only read afterwards or grown by cat).</summary>
    public void ExpandRows(long rows)
    {
        if (Key is null || Value is null) return;
        if (Key.shape[0] != 1) throw new InvalidOperationException($"ExpandRows needs a one-row cache; this one has {Key.shape[0]} rows");
        using var scope = NewDisposeScope();
        Set(Key.expand(rows, -1, -1, -1), Value.expand(rows, -1, -1, -1));
    }

    public void Dispose()
    {
        Key?.Dispose();
        Value?.Dispose();
        Key = Value = null;
    }
}

/// <summary>The caches of every layer of a decoder: self-attention and (encoder-decoder models) cross-attention.</summary>
public sealed class KvCache : IDisposable
{
    public KvCache(int layers, bool crossAttention)
    {
        Self = Enumerable.Range(0, layers).Select(_ => new AttentionCache()).ToArray();
        Cross = crossAttention ? Enumerable.Range(0, layers).Select(_ => new AttentionCache()).ToArray() : null;
    }

    public IReadOnlyList<AttentionCache> Self { get; }
    public IReadOnlyList<AttentionCache>? Cross { get; }

    /// <summary>Positions already processed by the decoder (soft-prompt positions included).</summary>
    public long PastLength => Self[0].Length;

    /// <summary>
    /// How many of the cached positions are a soft prompt the model fed itself (decoder-only prompt tuning). Callers'
    /// attention masks cover only their own positions: PastLength - VirtualLength of them.
    /// </summary>
    public long VirtualLength { get; internal set; }

    /// <summary>Repeats a one-row cache <paramref name="rows"/> times in every layer, as views.</summary>
    public void ExpandRows(long rows)
    {
        foreach (var c in Self) c.ExpandRows(rows);
        if (Cross != null) foreach (var c in Cross) c.ExpandRows(rows);
    }

    /// <summary>Reorders or repeats batch rows in every layer (beam search; scoring many continuations of one prefix).</summary>
    public void Select(Tensor batchIndex)
    {
        foreach (var c in Self) c.Select(batchIndex);
        if (Cross != null) foreach (var c in Cross) c.Select(batchIndex);
    }

    public void Dispose()
    {
        foreach (var c in Self) c.Dispose();
        if (Cross != null) foreach (var c in Cross) c.Dispose();
    }
}
