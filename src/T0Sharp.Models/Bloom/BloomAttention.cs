using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.Bloom;

/// <summary>Input of a BLOOM attention or block call.</summary>
/// <param name="Alibi">(B, H, 1, S) position bias over all keys (past and current).</param>
/// <param name="Masked">Boolean (B|1, 1, T, S): true where a query must NOT attend (Hugging Face's convention).</param>
/// <param name="Residual">Added to the projected output (attention only; blocks compute their own).</param>
/// <param name="Prefix">Keys/values prepended before the cached and new ones (prefix tuning); never cached.</param>
public sealed record BloomLayerInput(Tensor Hidden, Tensor Alibi, Tensor Masked, AttentionCache? Cache = null, Tensor? Residual = null,
    AttentionPrefix? Prefix = null);

/// <summary>
/// BLOOM self-attention: one fused query_key_value projection laid out per head as (H, 3, Dh), scaled dot product
/// plus ALiBi, masked with the dtype minimum, fp32 softmax, output projection, dropout and residual add.
/// </summary>
public sealed class BloomAttention : nn.Module<BloomLayerInput, Tensor>
{
    readonly AdaptableLinear query_key_value, dense;
    readonly int heads, headDim;
    readonly double invNorm, attentionDropout, hiddenDropout;

    public BloomAttention(BloomConfig c) : base(nameof(BloomAttention))
    {
        heads = c.NHead;
        headDim = c.HeadDim;
        query_key_value = new AdaptableLinear(c.HiddenSize, 3 * c.HiddenSize, hasBias: true);
        dense = new AdaptableLinear(c.HiddenSize, c.HiddenSize, hasBias: true);
        invNorm = 1.0 / Math.Sqrt(headDim);
        attentionDropout = c.AttentionDropout;
        hiddenDropout = c.HiddenDropout;
        RegisterComponents();
    }

    public override Tensor forward(BloomLayerInput input)
    {
        using var scope = NewDisposeScope();
        var x = input.Hidden;
        long b = x.shape[0], t = x.shape[1];
        var fused = query_key_value.call(x).view(b, t, heads, 3, headDim); // (B, T, H, 3, Dh)
        var query = fused.select(3, 0).transpose(1, 2); // (B, H, T, Dh)
        var key = fused.select(3, 1).transpose(1, 2);
        var value = fused.select(3, 2).transpose(1, 2);
        if (input.Cache is { } cache)
        {
            if (cache.Key is not null) (key, value) = (cat([cache.Key, key], 2), cat([cache.Value!, value], 2));
            cache.Set(key, value);
        }
        if (input.Prefix is { } prefix)
            (key, value) = (cat([prefix.Key.to(key.dtype), key], 2), cat([prefix.Value.to(value.dtype), value], 2)); // (B, H, P+S, Dh)

        var scores = query.matmul(key.transpose(-1, -2)).TimesInPlace(invNorm).PlusInPlace(input.Alibi); // (B, H, T, S); in place: matmul's backward does not need its output
        var inputDtype = scores.dtype;
        if (inputDtype == ScalarType.Float16) scores = scores.to(ScalarType.Float32);
        scores = scores.FillWhere(input.Masked, AttentionMasks.MinValue(scores.dtype));
        var probs = scores.softmax(-1, ScalarType.Float32).to(inputDtype);
        probs = nn.functional.dropout(probs, attentionDropout, training);
        var context = probs.matmul(value).transpose(1, 2).reshape(b, t, heads * headDim); // (B, T, H*Dh)
        var output = nn.functional.dropout(dense.call(context), hiddenDropout, training);
        return output.Plus(input.Residual ?? x).MoveToOuterDisposeScope();
    }
}
