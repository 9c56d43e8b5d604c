using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.Poly;

/// <summary>
/// Poly / Poly-S (MHR) on one projection (PEFT's poly.Linear): skills A (n_splits, n_skills, in/n_splits, r) and
/// B (n_splits, n_skills, r, out/n_splits) mixed per row by the router's weights w (B, n_splits, n_skills):
/// A_b = Σ_s w A reshaped (in, r), B_b = Σ_s w B reshaped (r, out), y = W x + x A_b B_b / r. Task ids come from the call's
/// <see cref="Conditioning.TaskIds"/>; with <see cref="Averaged"/> the skills are averaged instead (Poly-μ) and no task id is needed.
/// </summary>
public sealed class PolyLayer : IPeftLayer
{
    readonly long _in, _out;
    readonly int _r, _tasks, _skills, _splits;
    readonly bool _zeroB;
    readonly InitContext _context;
    string _where = "";
    AdapterSlot? _slot;
    PolyRouter? _router;
    Tensor? _checkedIds;

    public PolyLayer(long inFeatures, long outFeatures, int r, int tasks, int skills, int splits, bool zeroB, InitContext context)
    {
        (_in, _out, _r, _tasks, _skills, _splits, _zeroB, _context) = (inFeatures, outFeatures, r, tasks, skills, splits, zeroB, context);
    }

    public string Method => "poly";
    public IReadOnlyList<string> TensorNames { get; } = ["poly_lora_A", "poly_lora_B", "poly_router.module_logits"];

    /// <summary>Average the skills (weights 1 / n_skills per split) instead of routing by task id: Poly-μ.</summary>
    public bool Averaged { get; set; }

    /// <summary>The host's name, for messages.</summary>
    internal string Where { set => _where = value; }

    public void Attach(AdapterSlot slot)
    {
        _slot = slot;
        var g = _context.Generator;
        var device = ((AdaptableLinear)slot.Host).Weight.device;
        var dtype = ((AdaptableLinear)slot.Host).Weight.dtype;
        long dIn = _in / _splits, dOut = _out / _splits;
        using var _ = no_grad();
        Tensor a, b, z;
        if (!_context.Initialise) (a, b, z) = (zeros(_splits, _skills, dIn, _r), zeros(_splits, _skills, _r, dOut), zeros(_tasks, _splits * _skills));
        else
        {
            // PEFT draws each (r, d) slice as torch's Linear would (U(±1/√fan_in)) and stores it transposed.
            a = Init.KaimingUniform([_splits, _skills, dIn, _r], dIn, g);
            b = _zeroB ? zeros(_splits, _skills, _r, dOut) : Init.KaimingUniform([_splits, _skills, _r, dOut], _r, g);
            z = Init.Uniform([_tasks, _splits * _skills], -1e-3, 1e-3, g);
        }
        slot.RegisterParameter("poly_lora_A", new Parameter(a.to(dtype, device)));
        slot.RegisterParameter("poly_lora_B", new Parameter(b.to(dtype, device)));
        _router = new PolyRouter(z.to(dtype, device));
        slot.RegisterModule("poly_router", _router);
    }

    public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
    {
        var a = slot.Parameter("poly_lora_A");
        var b = slot.Parameter("poly_lora_B");
        long rows = input.shape[0];
        var w = Averaged
            ? KeptScalars.Filled([1, _splits, _skills], 1.0 / _skills, a.dtype, a.device).expand(rows, -1, -1)
            : _router!.Weights(TaskIds(call, rows), _splits, _skills, call.Training);
        var mixedA = einsum("bqs,qsdr->bqdr", w, a).reshape(rows, _in, _r);                       // (B, in, r)
        var mixedB = einsum("bqs,qsrd->bqrd", w, b).transpose(1, 2).reshape(rows, _r, _out);      // (B, r, out)
        var x = input.to(a.dtype);
        var delta = x.dim() == 2
            ? x.unsqueeze(1).bmm(mixedA).bmm(mixedB).squeeze(1)
            : x.bmm(mixedA).bmm(mixedB);
        return output.Plus(delta.Over((long)_r).to(output.dtype));
    }

    Tensor TaskIds(AdapterCall call, long rows)
    {
        var ids = call.Conditioning?.TaskIds ?? throw new InvalidOperationException(
            $"Poly adapter on {_where}: this call carries no task ids. A Poly adapter mixes its skills per task: give a task id " +
            "(--task-id N; ExampleConditioning.Task(n); batches with task ids) or average the skills (Poly-μ, --average-skills).");
        if (ids.shape[0] != rows)
            throw new InvalidOperationException($"Poly adapter on {_where}: the call has {ids.shape[0]} task ids for {rows} rows.");
        if (!ReferenceEquals(ids, _checkedIds)) // one host read per conditioning tensor, not per call
        {
            var (min, max) = (ids.min().item<long>(), ids.max().item<long>());
            if (min < 0 || max >= _tasks)
                throw new InvalidOperationException($"Poly adapter on {_where}: task id {(min < 0 ? min : max)} is outside 0..{_tasks - 1} " +
                    $"(n_tasks is {_tasks}; -1 marks a row whose task is unknown).");
            _checkedIds = ids;
        }
        return ids;
    }
}
