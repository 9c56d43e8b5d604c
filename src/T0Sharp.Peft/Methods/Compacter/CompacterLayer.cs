using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using T0Sharp.Peft.Config;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.Compacter;

/// <summary>
/// A Compacter adapter on one projection's output: y' = y + up(f(down(y))) with PHM down (d → m) and up (m → d)
/// layers (<see cref="PhmLinear"/>), saved as <c>phm_down.W_left</c>, <c>phm_down.W_right</c>, <c>phm_down.b</c>,
/// <c>phm_up.…</c> under the host's name (plus <c>phm_down.phm_rule</c>, <c>phm_up.phm_rule</c> when the rule is not
/// shared; the shared rule is the model's <c>compacter.phm_rule</c>). No layer norms inside the adapter, as the
/// paper's configs (add_layer_norm_before/after_adapter false).
/// </summary>
public sealed class CompacterLayer : IPeftLayer
{
    readonly long _d, _m;
    readonly CompacterConfig _c;
    readonly SharedPhmRule? _shared;
    readonly InitContext _context;
    PhmLinear? _down, _up;

    internal CompacterLayer(long features, long bottleneck, CompacterConfig config, SharedPhmRule? shared, InitContext context)
    {
        (_d, _m, _c, _shared, _context) = (features, bottleneck, config, shared, context);
        var names = PhmLinear.Names(config.FactorizedPhm, !config.SharedPhmRule);
        TensorNames = [.. names.Select(n => "phm_down." + n), .. names.Select(n => "phm_up." + n)];
    }

    public string Method => "compacter";
    public IReadOnlyList<string> TensorNames { get; }
    public long Features => _d;
    public long Bottleneck => _m;

    /// <summary>
    /// Trainable parameters of one layer (the shared rule, n³, counted once per model): fast weights
    /// (factorized: 2·r·(d + m); full: 2·d·m / n), biases m + d, and 2·n³ for per-layer rules.
    /// </summary>
    public static long ParameterCount(long d, long m, CompacterConfig c)
    {
        long n = c.PhmDim, r = c.PhmRank;
        var fast = c.FactorizedPhm ? 2 * r * (d + m) : 2 * d * m / n;
        return fast + m + d + (c.SharedPhmRule ? 0 : 2 * n * n * n);
    }

    public void Attach(AdapterSlot slot)
    {
        var host = (AdaptableLinear)slot.Host;
        int n = _c.PhmDim;
        PhmLinear Make(long inF, long outF)
        {
            var rule = _c.SharedPhmRule ? null : CompacterMethod.InitialRule(n, _c, _context);
            return new PhmLinear(inF, outF, n, _c.PhmRank, _c.FactorizedPhm, rule, _context);
        }
        _down = Make(_d, _m);
        _up = Make(_m, _d);
        foreach (var phm in new[] { _down, _up }) phm.to(host.Weight.dtype).to(host.Weight.device);
        slot.RegisterModule("phm_down", _down);
        slot.RegisterModule("phm_up", _up);
    }

    public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
    {
        var rule = _shared?.Rule;
        var y = output.to(rule?.dtype ?? output.dtype);
        var delta = _up!.Forward(Activations.Apply(_c.NonLinearity, _down!.Forward(y, rule)), rule);
        return output.Plus(delta.to(output.dtype));
    }
}
