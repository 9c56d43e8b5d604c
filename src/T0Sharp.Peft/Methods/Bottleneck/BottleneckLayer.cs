using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.Bottleneck;

/// <summary>
/// A bottleneck adapter on one projection's output (Houlsby / Pfeiffer): y' = y + up(f(down(y))), down (m, d) with
/// bias (m), up (d, m) with bias (d), m = d / reduction_factor, saved as <c>adapter_down.weight</c>,
/// <c>adapter_down.bias</c>, <c>adapter_up.weight</c>, <c>adapter_up.bias</c> under the host's name. The host's model
/// then applies its dropout and residual add to y', as in Houlsby's placement (before the residual).
/// </summary>
public sealed class BottleneckLayer : IPeftLayer
{
    readonly long _d, _m;
    readonly string _activation, _init;
    readonly InitContext _context;
    AffineModule? _down, _up;

    public BottleneckLayer(long features, long bottleneck, string activation, string init, InitContext context)
    {
        (_d, _m, _activation, _init, _context) = (features, bottleneck, activation, init, context);
    }

    public string Method => "bottleneck";
    public IReadOnlyList<string> TensorNames { get; } = ["adapter_down.weight", "adapter_down.bias", "adapter_up.weight", "adapter_up.bias"];
    public long Features => _d;
    public long Bottleneck => _m;

    /// <summary>Trainable parameters of one layer: 2·d·m + m + d.</summary>
    public static long ParameterCount(long d, long m) => 2 * d * m + m + d;

    public void Attach(AdapterSlot slot)
    {
        var host = (AdaptableLinear)slot.Host;
        var g = _context.Generator;
        using var _ = no_grad();
        Tensor dw, db, uw, ub;
        if (!_context.Initialise) (dw, db, uw, ub) = (zeros(_m, _d), zeros(_m), zeros(_d, _m), zeros(_d));
        else if (_init == "houlsby") (dw, db, uw, ub) = (Init.Normal([_m, _d], 1e-2, g), zeros(_m), Init.Normal([_d, _m], 1e-2, g), zeros(_d));
        else if (_init == "false")
            (dw, db, uw, ub) = (Init.KaimingUniform(_m, _d, g), Init.KaimingUniform([_m], _d, g), Init.KaimingUniform(_d, _m, g), Init.KaimingUniform([_d], _m, g));
        else (dw, db, uw, ub) = (Init.KaimingUniform(_m, _d, g), zeros(_m), zeros(_d, _m), zeros(_d));
        var (dtype, device) = (host.Weight.dtype, host.Weight.device);
        _down = new AffineModule(dw.to(dtype, device), db.to(dtype, device));
        _up = new AffineModule(uw.to(dtype, device), ub.to(dtype, device));
        slot.RegisterModule("adapter_down", _down);
        slot.RegisterModule("adapter_up", _up);
    }

    public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
    {
        var y = output.to(_down!.Weight.dtype);
        var delta = _up!.call(Activations.Apply(_activation, _down.call(y)));
        return output.Plus(delta.to(output.dtype));
    }
}
