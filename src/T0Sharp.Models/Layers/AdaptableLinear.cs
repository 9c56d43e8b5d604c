using T0Sharp.Models.Adaptation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.Layers;

/// <summary>
/// A linear projection y = x Wᵀ + b that owns its <c>weight</c> (out, in) and optional <c>bias</c> (state-dict keys
/// exactly as torch's Linear, so Hugging Face checkpoints load unchanged) and hosts adapters (LoRA, IA3, Poly,
/// bottleneck adapters...) through <see cref="Adapters"/>. With no adapter it computes exactly what Linear computes.
/// </summary>
public sealed class AdaptableLinear : nn.Module<Tensor, Tensor>, IAdapterHost
{
#pragma warning disable IDE1006 // torch's names: the state-dict keys are the field names
    Parameter weight;
    Parameter? bias;
#pragma warning restore IDE1006

    public AdaptableLinear(long inFeatures, long outFeatures, bool hasBias) : base(nameof(AdaptableLinear))
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        // Same initialisation as torch.nn.Linear (kaiming-uniform a=√5, bias U(±1/√in)); checkpoints overwrite it.
        weight = new Parameter(empty(outFeatures, inFeatures));
        nn.init.kaiming_uniform_(weight, Math.Sqrt(5));
        if (hasBias)
        {
            var bound = 1.0 / Math.Sqrt(inFeatures);
            bias = new Parameter(empty(outFeatures));
            nn.init.uniform_(bias, -bound, bound);
        }
        RegisterComponents();
        Adapters = new AdapterSlot(this);
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }

    /// <summary>The base weight (out, in). Merging adapters writes into it.</summary>
    public Parameter Weight => weight;
    public Parameter? Bias => bias;

    public AdapterSlot Adapters { get; }

    public override Tensor forward(Tensor x)
    {
        var y = nn.functional.linear(Adapters.Input(x), weight, bias);
        return Adapters.Output(x, y);
    }
}
