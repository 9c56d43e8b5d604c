using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.Ia3;

/// <summary>
/// (IA)^3 on one projection (PEFT's ia3.Linear): a learned vector <c>ia3_l</c> scales the output ([out, 1]) or, on a
/// feed-forward module, the input ([1, in]). The vector stays fp32 (PEFT does not cast it). Merging multiplies W's rows
/// (output) or columns (input), and a non-feed-forward bias; unmerging divides by l + 1e-8, inexact as in PEFT.
/// </summary>
public sealed class Ia3Layer : IPeftLayer
{
    readonly long _in, _out;
    readonly InitContext _context;
    AdapterSlot? _slot;

    readonly bool _ones;

    /// <param name="ones">PEFT's init_ia3_weights: start at 1 (identity) rather than N(0, 1).</param>
    public Ia3Layer(long inFeatures, long outFeatures, bool feedForward, bool ones, InitContext context)
    {
        (_in, _out, FeedForward, _ones, _context) = (inFeatures, outFeatures, feedForward, ones, context);
    }

    public string Method => "ia3";
    public bool FeedForward { get; }
    public IReadOnlyList<string> TensorNames { get; } = ["ia3_l"];
    public bool CanMerge => true;
    public bool Merged { get; private set; }

    Parameter L => _slot!.Parameter("ia3_l");

    public void Attach(AdapterSlot slot)
    {
        _slot = slot;
        long[] shape = FeedForward ? [1, _in] : [_out, 1];
        var device = ((AdaptableLinear)slot.Host).Weight.device;
        using var _ = no_grad();
        var init = _context.Initialise && !_ones ? Init.Normal(shape, 1.0, _context.Generator) : ones(shape);
        slot.RegisterParameter("ia3_l", new Parameter(init.to(device)));
    }

    public Tensor TransformInput(AdapterSlot slot, Tensor input, AdapterCall call)
    {
        if (!FeedForward || Merged) return input;
        var l = L;
        return input.to(l.dtype).mul(l.flatten()).to(input.dtype);
    }

    public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
    {
        if (FeedForward || Merged) return output;
        var l = L;
        return output.to(l.dtype).mul(l.flatten()).to(output.dtype);
    }

    public void Merge(AdaptableLinear host)
    {
        if (Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var l = L.to(host.Weight.dtype);
        host.Weight.mul_(l); // [out, 1] scales rows, [1, in] columns of W (out, in)
        if (!FeedForward && host.Bias is { } bias) bias.mul_(l.reshape(bias.shape));
        Merged = true;
    }

    public void Unmerge(AdaptableLinear host)
    {
        if (!Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var l = L.to(host.Weight.dtype).Plus(1e-8);
        host.Weight.div_(l);
        if (!FeedForward && host.Bias is { } bias) bias.div_(l.reshape(bias.shape));
        Merged = false;
    }
}
