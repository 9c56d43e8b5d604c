using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.Bloom;

/// <summary>
/// BLOOM block: pre-LayerNorm attention and MLP with residuals. With apply_residual_connection_post_layernorm the
/// residual is the normed input instead of the raw input (bigscience's Megatron option).
/// </summary>
public sealed class BloomBlock : nn.Module<BloomLayerInput, Tensor>
{
    readonly LayerNorm input_layernorm, post_attention_layernorm;
    readonly BloomAttention self_attention;
    readonly BloomMlp mlp;
    readonly bool residualPostNorm;

    public BloomBlock(BloomConfig c) : base(nameof(BloomBlock))
    {
        input_layernorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEpsilon);
        self_attention = new BloomAttention(c);
        post_attention_layernorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEpsilon);
        mlp = new BloomMlp(c);
        residualPostNorm = c.ApplyResidualConnectionPostLayernorm;
        RegisterComponents();
    }

    public override Tensor forward(BloomLayerInput input)
    {
        using var scope = NewDisposeScope();
        var normed = input_layernorm.call(input.Hidden);
        var attended = self_attention.call(input with { Hidden = normed, Residual = residualPostNorm ? normed : input.Hidden });
        var normed2 = post_attention_layernorm.call(attended);
        return mlp.call(normed2, residualPostNorm ? normed2 : attended).MoveToOuterDisposeScope();
    }
}
