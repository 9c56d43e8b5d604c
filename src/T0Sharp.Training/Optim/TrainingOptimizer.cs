using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Training.Optim;

/// <summary>
/// An optimizer over named parameters whose whole state is a set of named tensors, so that a checkpoint can
/// save it and a resumed run continue bit-exactly. State is kept in float32 whatever the parameter dtype
/// (bf16 parameters are updated in fp32 and copied back).
/// </summary>
public abstract class TrainingOptimizer : IDisposable
{
    protected readonly IReadOnlyList<(string Name, Parameter Param)> Parameters;
    /// <summary>Per-parameter update counts (parameters without a gradient are skipped, as torch does).</summary>
    protected readonly long[] Steps;
    readonly Dictionary<string, Tensor> _state = new(StringComparer.Ordinal);

    protected TrainingOptimizer(IEnumerable<(string Name, Parameter Param)> parameters)
    {
        Parameters = parameters.ToList();
        if (Parameters.Count == 0) throw new ArgumentException("the model has no trainable parameters");
        Steps = new long[Parameters.Count];
    }

    /// <summary>Applies one update with the schedule's learning rate. Gradients must have been accumulated.</summary>
    public void Step(double learningRate)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Param;
            if (p.grad is null) continue;
            Steps[i]++;
            var grad = p.grad.dtype == ScalarType.Float32 ? p.grad : p.grad.to(ScalarType.Float32);
            var data = p.dtype == ScalarType.Float32 ? (Tensor)p : p.to(ScalarType.Float32);
            Update(i, data, grad, learningRate);
            if (p.dtype != ScalarType.Float32) p.copy_(data);
        }
    }

    /// <summary>Updates <paramref name="data"/> (fp32, in place) from <paramref name="grad"/> for parameter <paramref name="index"/>.</summary>
    protected abstract void Update(int index, Tensor data, Tensor grad, double learningRate);

    public void ZeroGrad()
    {
        foreach (var (_, p) in Parameters) p.grad?.zero_();
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public IEnumerable<Parameter> ParameterTensors => Parameters.Select(p => p.Param);

    /// <summary>Number of updates applied to the first parameter (the optimizer step count).</summary>
    public long StepCount => Steps.Length > 0 ? Steps.Max() : 0;

    /// <summary>A state tensor for parameter <paramref name="index"/>, created zero-filled on first use.</summary>
    protected Tensor State(int index, string slot, long[] shape)
    {
        var key = Parameters[index].Name + "." + slot;
        if (!_state.TryGetValue(key, out var t))
        {
            t = zeros(shape, ScalarType.Float32, Parameters[index].Param.device);
            t.DetachFromDisposeScope();
            _state[key] = t;
        }
        return t;
    }

    /// <summary>Every state tensor by name ("{param}.{slot}"), plus "steps" (int64 per-parameter counts). Tensors are owned by the optimizer.</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var d = new Dictionary<string, Tensor>(_state, StringComparer.Ordinal);
        d["steps"] = tensor(Steps);
        return d;
    }

    /// <summary>Restores state written by <see cref="StateDict"/>; names and shapes must match this model.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        if (!state.TryGetValue("steps", out var steps) || steps.numel() != Steps.Length)
            throw new InvalidDataException($"optimizer state does not match the model: expected {Steps.Length} parameter step counts");
        steps.data<long>().CopyTo(Steps, 0);
        var names = Parameters.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (k, v) in state)
        {
            if (k == "steps") continue;
            var dot = k.LastIndexOf('.');
            if (dot < 0 || !names.Contains(k[..dot]))
                throw new InvalidDataException($"optimizer state has '{k}', which belongs to no parameter of this model");
            using var _ = no_grad();
            var t = v.to(ScalarType.Float32, Parameters[0].Param.device).clone();
            t.DetachFromDisposeScope();
            if (_state.Remove(k, out var old)) old.Dispose();
            _state[k] = t;
        }
    }

    public void Dispose()
    {
        foreach (var t in _state.Values) t.Dispose();
        _state.Clear();
        GC.SuppressFinalize(this);
    }
}
