using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft;

/// <summary>
/// PEFT's <c>modules_to_save</c>: base modules (matched as PEFT does, by name suffix without a dot boundary, e.g.
/// <c>lm_head</c>) that train with the adapter and are saved in its file under <c>base_model.model.&lt;module&gt;.&lt;param&gt;</c>.
/// PEFT trains a copy and keeps the original for the disabled model; T0Sharp trains the module itself and keeps a
/// copy of the original values, swapped in while the adapter is disabled, so the two behave alike.
/// </summary>
public sealed class ModulesToSave : IDisposable
{
    readonly List<(string Name, Parameter Parameter)> _parameters = [];
    readonly List<Tensor> _originals = [];
    bool _disabled;

    ModulesToSave(IReadOnlyList<string> modules) => Modules = modules;

    /// <summary>The full names of the matched modules.</summary>
    public IReadOnlyList<string> Modules { get; }

    public IReadOnlyList<(string Name, Parameter Parameter)> Parameters => _parameters;

    /// <summary>Matches <paramref name="entries"/> against the model's modules; an entry that matches none is an error.</summary>
    public static ModulesToSave Resolve(ILanguageModel model, IReadOnlyList<string> entries, string source)
    {
        var modules = new List<string>();
        foreach (var entry in entries)
        {
            var hits = model.Module.named_modules().Where(m => m.name.Length > 0 && m.name.EndsWith(entry, StringComparison.Ordinal))
                .Select(m => m.name).ToList();
            if (hits.Count == 0)
                throw new InvalidDataException($"{source}: \"modules_to_save\" entry \"{entry}\" matches no module of this {model.Config.ModelType} model");
            modules.AddRange(hits.Where(h => !modules.Contains(h)));
        }
        // A module inside another matched module is already covered by it.
        modules = modules.Where(m => !modules.Any(o => o != m && m.StartsWith(o + ".", StringComparison.Ordinal))).ToList();
        var result = new ModulesToSave(modules);
        var adapterPrefixes = AdaptationPoints.AdapterPrefixes(model);
        foreach (var (name, p) in AdaptationPoints.BaseParameters(model))
            if (modules.Any(m => name.StartsWith(m + ".", StringComparison.Ordinal)))
                result._parameters.Add((name, p));
        using (no_grad())
            foreach (var (_, p) in result._parameters) result._originals.Add(p.detach().clone().DetachFromDisposeScope());
        return result;
    }

    public IReadOnlyList<AdapterTensor> Tensors => _parameters
        .Select(p => AdapterTensor.ForParameter(p.Name, () => p.Parameter)).ToList();

    /// <summary>While disabled the base model's original values are in place (the trained ones are kept aside).</summary>
    public void SetEnabled(bool enabled)
    {
        if (enabled == !_disabled) return;
        using var _ = no_grad();
        for (var i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i].Parameter;
            var other = p.detach().clone().DetachFromDisposeScope();
            p.copy_(_originals[i]);
            _originals[i].Dispose();
            _originals[i] = other;
        }
        _disabled = !enabled;
    }

    public void Dispose()
    {
        foreach (var t in _originals) t.Dispose();
        _originals.Clear();
    }
}
