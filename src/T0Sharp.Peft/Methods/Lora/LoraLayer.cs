using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.Lora;

/// <summary>
/// LoRA on one projection (PEFT's lora.Linear): y = W x + B A dropout(x) · scale, A (r, in) and B (out, r) saved as
/// <c>lora_A.weight</c> / <c>lora_B.weight</c>, scale = alpha / r (use_rslora: alpha / √r). Merging adds B A · scale to W.
/// </summary>
public sealed class LoraLayer : IPeftLayer
{
    readonly long _in, _out;
    readonly int _r;
    readonly double _dropout;
    readonly string _init;
    readonly InitContext _context;
    WeightModule? _a, _b;

    public LoraLayer(long inFeatures, long outFeatures, int r, double alpha, bool useRslora, double dropout, string init, InitContext context)
    {
        (_in, _out, _r, _dropout, _init, _context) = (inFeatures, outFeatures, r, dropout, init, context);
        Scale = useRslora ? alpha / Math.Sqrt(r) : alpha / r;
    }

    public string Method => "lora";
    public IReadOnlyList<string> TensorNames { get; } = ["lora_A.weight", "lora_B.weight"];
    public int Rank => _r;
    public double Scale { get; }
    public bool CanMerge => true;
    public bool Merged { get; private set; }

    public void Attach(AdapterSlot slot)
    {
        var host = (AdaptableLinear)slot.Host;
        var g = _context.Generator;
        using var _ = no_grad();
        Tensor a, b;
        if (!_context.Initialise) (a, b) = (zeros(_r, _in), zeros(_out, _r));
        else if (_init == "gaussian") (a, b) = (Init.Normal([_r, _in], 1.0 / _r, g), zeros(_out, _r)); // PEFT's std is 1/r, not 1/√r
        else if (_init == "false") (a, b) = (Init.KaimingUniform(_r, _in, g), Init.KaimingUniform(_out, _r, g)); // torch Linear defaults
        else (a, b) = (Init.KaimingUniform(_r, _in, g), zeros(_out, _r));
        // PEFT casts LoRA weights to the base layer's dtype and device.
        _a = new WeightModule(a.to(host.Weight.dtype, host.Weight.device));
        _b = new WeightModule(b.to(host.Weight.dtype, host.Weight.device));
        slot.RegisterModule("lora_A", _a);
        slot.RegisterModule("lora_B", _b);
    }

    public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
    {
        if (Merged) return output;
        var x = _dropout > 0 ? nn.functional.dropout(input, _dropout, call.Training) : input;
        var delta = _b!.call(_a!.call(x.to(_a.Weight.dtype)));
        return output.Plus(delta.Times(Scale).to(output.dtype));
    }

    /// <summary>B A · scale (out, in) in the base weight's dtype.</summary>
    public Tensor DeltaWeight(Tensor like) => _b!.Weight.matmul(_a!.Weight).mul(Scale).to(like.dtype);

    public void Merge(AdaptableLinear host)
    {
        if (Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        host.Weight.PlusInPlace(DeltaWeight(host.Weight));
        Merged = true;
    }

    public void Unmerge(AdaptableLinear host)
    {
        if (!Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        host.Weight.sub_(DeltaWeight(host.Weight));
        Merged = false;
    }
}
