using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods;

/// <summary>
/// A bias-free linear map holding only <c>weight</c> (out, in), so that state-dict keys are PEFT's (<c>lora_A.weight</c>).
/// Unlike torch's Linear it is created from a given tensor: initialisation draws from the method's seeded generator
/// and never from torch's global one.
/// </summary>
internal sealed class WeightModule : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // the state-dict key is the field name
    readonly Parameter weight;
#pragma warning restore IDE1006

    public WeightModule(Tensor initial) : base(nameof(WeightModule))
    {
        weight = new Parameter(initial);
        RegisterComponents();
    }

    public Parameter Weight => weight;

    public override Tensor forward(Tensor x) => nn.functional.linear(x, weight);
}

/// <summary>Seeded draws for adapter initialisation (torch's nn.init functions ignore generators in TorchSharp).</summary>
internal static class Init
{
    /// <summary>torch's Linear default, kaiming_uniform(a=√5): U(±1/√fan_in).</summary>
    public static Tensor KaimingUniform(long rows, long fanIn, torch.Generator? g) => KaimingUniform([rows, fanIn], fanIn, g);

    public static Tensor KaimingUniform(long[] shape, long fanIn, torch.Generator? g)
    {
        var bound = 1.0 / Math.Sqrt(fanIn);
        return empty(shape).uniform_(-bound, bound, g);
    }

    public static Tensor Normal(long[] shape, double std, torch.Generator? g) => empty(shape).normal_(0, std, g);

    public static Tensor Uniform(long[] shape, double low, double high, torch.Generator? g) => empty(shape).uniform_(low, high, g);
}
