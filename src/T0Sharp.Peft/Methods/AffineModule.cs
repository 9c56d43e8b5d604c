using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods;

/// <summary>
/// A linear map with <c>weight</c> (out, in) and <c>bias</c> (out), created from given tensors (seeded draws, never
/// torch's global generator), so that state-dict keys are <c>adapter_down.weight</c>, <c>adapter_down.bias</c>.
/// </summary>
internal sealed class AffineModule : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // the state-dict keys are the field names
    readonly Parameter weight;
    readonly Parameter bias;
#pragma warning restore IDE1006

    public AffineModule(Tensor initialWeight, Tensor initialBias) : base(nameof(AffineModule))
    {
        weight = new Parameter(initialWeight);
        bias = new Parameter(initialBias);
        RegisterComponents();
    }

    public Parameter Weight => weight;
    public Parameter Bias => bias;

    public override Tensor forward(Tensor x) => nn.functional.linear(x, weight, bias);
}
