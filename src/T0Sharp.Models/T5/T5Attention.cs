using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

/// <summary>Input of one attention call. <paramref name="Bias"/> is added to the scores: position bias and mask, (B|1, H|1, T, P+S).</summary>
/// <param name="KeyValueSource">Encoder output for cross-attention; null for self-attention.</param>
/// <param name="Cache">Generation cache of this layer: self-attention appends to it, cross-attention fills it once.</param>
/// <param name="Prefix">Keys/values prepended to the layer's own (prefix tuning, HyperPrompt, HINT); never cached.</param>
public sealed record AttentionInput(Tensor Hidden, Tensor? Bias, Tensor? KeyValueSource = null, AttentionCache? Cache = null,
    AttentionPrefix? Prefix = null);

/// <summary>
/// T5 multi-head attention. Departures from the textbook: no 1/sqrt(d) scaling of the scores (folded into the
/// initialisation), no biases, inner width d_kv*heads independent of d_model, and position information enters only as
/// a learned per-head bias on the scores (relative_attention_bias, present in the first layer of each stack only).
/// </summary>
public sealed class T5Attention : nn.Module<AttentionInput, Tensor>
{
    readonly AdaptableLinear q, k, v, o;
    readonly Embedding? relative_attention_bias;
    readonly int heads, dKv, numBuckets, maxDistance;
    readonly bool bidirectional;
    readonly double dropout;

    public T5Attention(T5Config c, bool isDecoder, bool hasRelativeAttentionBias) : base(nameof(T5Attention))
    {
        heads = c.NumHeads;
        dKv = c.DKv;
        q = new AdaptableLinear(c.DModel, c.InnerDim, hasBias: false);
        k = new AdaptableLinear(c.DModel, c.InnerDim, hasBias: false);
        v = new AdaptableLinear(c.DModel, c.InnerDim, hasBias: false);
        o = new AdaptableLinear(c.InnerDim, c.DModel, hasBias: false);
        if (hasRelativeAttentionBias) relative_attention_bias = nn.Embedding(c.RelativeAttentionNumBuckets, c.NumHeads);
        numBuckets = c.RelativeAttentionNumBuckets;
        maxDistance = c.RelativeAttentionMaxDistance;
        bidirectional = !isDecoder;
        dropout = c.DropoutRate;
        RegisterComponents();
    }

    /// <summary>Learned bias for relative positions (key - query), shape (T, S) → (1, H, T, S) or (B, T, S) → (B, H, T, S).</summary>
    public Tensor PositionBias(Tensor relativePosition)
    {
        if (relative_attention_bias is null) throw new InvalidOperationException("This attention layer has no relative_attention_bias (only the first layer of a stack does).");
        using var scope = NewDisposeScope();
        var buckets = RelativePositionBuckets.Compute(relativePosition, bidirectional, numBuckets, maxDistance);
        var values = relative_attention_bias.call(buckets); // (..., T, S, H)
        var bias = values.dim() == 3
            ? values.permute(2, 0, 1).unsqueeze(0) // (1, H, T, S)
            : values.permute(0, 3, 1, 2);          // (B, H, T, S)
        return bias.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Use torch's fused scaled_dot_product_attention. T5 attention is unscaled, so the query is pre-multiplied by
    /// sqrt(Dh) to cancel the kernel's 1/sqrt(Dh); results agree with the explicit path to fp32 rounding.
    /// </summary>
    public bool FusedAttention { get; set; }

    public override Tensor forward(AttentionInput input)
    {
        using var scope = NewDisposeScope();
        var x = input.Hidden;
        long b = x.shape[0], t = x.shape[1];
        var query = Split(q.call(x), b); // (B, H, T, Dh)
        var (key, value) = KeysAndValues(input, b);
        if (input.Prefix is { } prefix)
            (key, value) = (cat([prefix.Key.to(key.dtype), key], 2), cat([prefix.Value.to(value.dtype), value], 2)); // (B, H, P+S, Dh)
        if (FusedAttention)
        {
            var fused = nn.functional.scaled_dot_product_attention(query.Times(Math.Sqrt(dKv)), key, value, input.Bias,
                training ? dropout : 0.0);
            return o.call(fused.transpose(1, 2).reshape(b, t, heads * dKv)).MoveToOuterDisposeScope();
        }

        var scores = query.matmul(key.transpose(-1, -2)); // (B, H, T, S), unscaled
        if (input.Bias is not null) scores.PlusInPlace(input.Bias); // in place: matmul's backward does not need its output
        var weights = scores.dtype == ScalarType.Float32
            ? scores.softmax(-1)
            : scores.softmax(-1, ScalarType.Float32).to(scores.dtype);
        weights = nn.functional.dropout(weights, dropout, training);
        var context = weights.matmul(value).transpose(1, 2).reshape(b, t, heads * dKv); // (B, T, H*Dh)
        return o.call(context).MoveToOuterDisposeScope();
    }

    (Tensor key, Tensor value) KeysAndValues(AttentionInput input, long b)
    {
        var cache = input.Cache;
        if (input.KeyValueSource is { } source) // cross-attention: the encoder output never changes during decoding
        {
            if (cache?.Key is not null) return (cache.Key, cache.Value!);
            var (ck, cv) = (Split(k.call(source), b), Split(v.call(source), b));
            cache?.Set(ck, cv);
            return (ck, cv);
        }
        var (sk, sv) = (Split(k.call(input.Hidden), b), Split(v.call(input.Hidden), b));
        if (cache is null) return (sk, sv);
        if (cache.Key is not null) (sk, sv) = (cat([cache.Key, sk], 2), cat([cache.Value!, sv], 2));
        cache.Set(sk, sv);
        return (sk, sv);
    }

    /// <summary>Keys and values (B, H, S, Dh) of <paramref name="source"/> (cross-attention's, computed once per encoder output).</summary>
    public (Tensor Key, Tensor Value) ProjectKeysValues(Tensor source)
    {
        long b = source.shape[0];
        return (Split(k.call(source), b), Split(v.call(source), b));
    }

    Tensor Split(Tensor projected, long b) => projected.view(b, -1, heads, dKv).transpose(1, 2); // (B, H, L, Dh)
}
