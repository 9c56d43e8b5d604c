using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

/// <summary>Pre-norm residual self-attention sub-layer: x + dropout(SelfAttention(norm(x))).</summary>
public sealed class T5LayerSelfAttention : nn.Module<AttentionInput, Tensor>
{
    readonly T5Attention SelfAttention;
    readonly T5LayerNorm layer_norm;
    readonly double dropout;

    public T5LayerSelfAttention(T5Config c, bool isDecoder, bool hasRelativeAttentionBias) : base(nameof(T5LayerSelfAttention))
    {
        SelfAttention = new T5Attention(c, isDecoder, hasRelativeAttentionBias);
        layer_norm = new T5LayerNorm(c.DModel, c.LayerNormEpsilon);
        dropout = c.DropoutRate;
        RegisterComponents();
    }

    public T5Attention Attention => SelfAttention;

    public override Tensor forward(AttentionInput input)
    {
        using var scope = NewDisposeScope();
        var y = SelfAttention.call(input with { Hidden = layer_norm.call(input.Hidden) });
        return input.Hidden.Plus(nn.functional.dropout(y, dropout, training)).MoveToOuterDisposeScope();
    }
}

/// <summary>Pre-norm residual cross-attention sub-layer (decoder only): x + dropout(EncDecAttention(norm(x), encoder)).</summary>
public sealed class T5LayerCrossAttention : nn.Module<AttentionInput, Tensor>
{
    readonly T5Attention EncDecAttention;
    readonly T5LayerNorm layer_norm;
    readonly double dropout;

    public T5LayerCrossAttention(T5Config c) : base(nameof(T5LayerCrossAttention))
    {
        EncDecAttention = new T5Attention(c, isDecoder: true, hasRelativeAttentionBias: false);
        layer_norm = new T5LayerNorm(c.DModel, c.LayerNormEpsilon);
        dropout = c.DropoutRate;
        RegisterComponents();
    }

    public T5Attention Attention => EncDecAttention;

    public override Tensor forward(AttentionInput input)
    {
        using var scope = NewDisposeScope();
        var y = EncDecAttention.call(input with { Hidden = layer_norm.call(input.Hidden) });
        return input.Hidden.Plus(nn.functional.dropout(y, dropout, training)).MoveToOuterDisposeScope();
    }
}
