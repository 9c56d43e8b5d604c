using T0Sharp.Models.Adaptation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

/// <summary>Input of one T5 block. Biases are additive (position bias + mask, prefix columns included), computed once per stack.</summary>
public sealed record T5BlockInput(Tensor Hidden, Tensor? SelfBias, Tensor? EncoderHidden = null, Tensor? CrossBias = null,
    AttentionCache? SelfCache = null, AttentionCache? CrossCache = null, AttentionPrefix? SelfPrefix = null, AttentionPrefix? CrossPrefix = null);

/// <summary>
/// One T5 block: self-attention, then (decoder) cross-attention, then feed-forward, each pre-norm with a residual.
/// Hugging Face keeps the sub-layers in a list named <c>layer</c> (keys <c>block.N.layer.0/1/2</c>), kept here.
/// </summary>
public sealed class T5Block : nn.Module<T5BlockInput, Tensor>
{
    readonly ModuleList<nn.Module> layer;

    public T5Block(T5Config c, bool isDecoder, bool hasRelativeAttentionBias) : base(nameof(T5Block))
    {
        layer = new ModuleList<nn.Module>(new T5LayerSelfAttention(c, isDecoder, hasRelativeAttentionBias));
        if (isDecoder) layer.Add(new T5LayerCrossAttention(c));
        layer.Add(new T5LayerFF(c));
        RegisterComponents();
    }

    T5LayerSelfAttention SelfAttentionLayer => (T5LayerSelfAttention)layer[0];
    T5LayerCrossAttention? CrossAttentionLayer => layer.Count == 3 ? (T5LayerCrossAttention)layer[1] : null;
    T5LayerFF FeedForwardLayer => (T5LayerFF)layer[^1];

    /// <summary>The block's cross-attention (decoder blocks), or null.</summary>
    public T5Attention? CrossAttention => CrossAttentionLayer?.Attention;

    /// <summary>The block's self-attention (the first block's owns the stack's relative_attention_bias).</summary>
    public T5Attention SelfAttention => SelfAttentionLayer.Attention;

    public override Tensor forward(T5BlockInput input)
    {
        using var scope = NewDisposeScope();
        var h = SelfAttentionLayer.call(new AttentionInput(input.Hidden, input.SelfBias, Cache: input.SelfCache, Prefix: input.SelfPrefix));
        if (CrossAttentionLayer is { } cross)
            h = cross.call(new AttentionInput(h, input.CrossBias, input.EncoderHidden, input.CrossCache, input.CrossPrefix));
        return FeedForwardLayer.call(h).MoveToOuterDisposeScope();
    }
}
