using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.Adaptation;

/// <summary>
/// The adapters of one host module, in the order they were added, and the names of the tensors they registered on the
/// host. The host calls <see cref="Input"/> before and <see cref="Output"/> after its own computation; with no adapter
/// (or <see cref="Enabled"/> false) both return their argument unchanged, so an unadapted model computes exactly as before.
/// </summary>
public sealed class AdapterSlot
{
    readonly nn.Module _host;
    readonly List<IModuleAdapter> _adapters = [];
    readonly List<string> _owned = [];

    public AdapterSlot(nn.Module host) => _host = host;

    /// <summary>The module hosting these adapters.</summary>
    public nn.Module Host => _host;

    /// <summary>The model-wide adaptation state (current conditioning); set when the host joins a model.</summary>
    public ModelAdaptation? Model { get; internal set; }

    public IReadOnlyList<IModuleAdapter> All => _adapters;

    /// <summary>Names (relative to the host) of the modules and parameters adapters registered here.</summary>
    public IReadOnlyList<string> OwnedNames => _owned;

    /// <summary>False bypasses every adapter of this host (PEFT's <c>disable_adapter</c>).</summary>
    public bool Enabled { get; set; } = true;

    public void Add(IModuleAdapter adapter)
    {
        adapter.Attach(this);
        _adapters.Add(adapter);
    }

    /// <summary>Registers <paramref name="module"/> on the host as <paramref name="name"/> (state-dict keys host.name.*).</summary>
    public void RegisterModule(string name, nn.Module module)
    {
        CheckFree(name);
        _host.register_module(name, module);
        _owned.Add(name);
    }

    /// <summary>Registers <paramref name="parameter"/> on the host as <paramref name="name"/> (state-dict key host.name).</summary>
    public void RegisterParameter(string name, Parameter parameter)
    {
        CheckFree(name);
        _host.register_parameter(name, parameter);
        _owned.Add(name);
    }

    /// <summary>
    /// A parameter registered on the host. Read it through here on every call rather than keeping a reference: moving
    /// the model to another device or dtype replaces parameter objects.
    /// </summary>
    public Parameter Parameter(string name) => _host.get_parameter(name)
        ?? throw new InvalidOperationException($"the host has no adapter parameter '{name}'");

    public Tensor Input(Tensor x)
    {
        if (_adapters.Count == 0 || !Enabled) return x;
        var call = Call();
        foreach (var a in _adapters) x = a.TransformInput(this, x, call);
        return x;
    }

    public Tensor Output(Tensor input, Tensor y)
    {
        if (_adapters.Count == 0 || !Enabled) return y;
        var call = Call();
        foreach (var a in _adapters) y = a.TransformOutput(this, input, y, call);
        return y;
    }

    AdapterCall Call() => new(_host.training, Model?.Current);

    void CheckFree(string name)
    {
        if (_owned.Contains(name) || _host.named_children().Any(c => c.name == name) || _host.named_parameters(false).Any(p => p.name == name))
            throw new InvalidOperationException($"an adapter tensor named '{name}' is already registered on this module");
    }
}
