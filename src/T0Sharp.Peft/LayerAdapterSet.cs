using T0Sharp.Models;
using T0Sharp.Models.Layers;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Targeting;
using TorchSharp.Modules;

namespace T0Sharp.Peft;

/// <summary>
/// The <see cref="AppliedAdapter"/> of a layer-hosted method: one <see cref="IPeftLayer"/> per target projection. Its
/// file tensors are the layers' tensors under <c>base_model.model.&lt;host&gt;.&lt;tensor&gt;</c>, exactly PEFT's keys.
/// Methods built on it (LoRA, (IA)^3, Poly, Compacter, bottleneck adapters) only create the layers.
/// </summary>
public class LayerAdapterSet : AppliedAdapter
{
    readonly List<(TargetModule Target, IPeftLayer Layer)> _layers;

    public LayerAdapterSet(PeftConfig config, IEnumerable<(TargetModule Target, IPeftLayer Layer)> layers) : base(config)
    {
        _layers = layers.ToList();
        foreach (var (target, layer) in _layers) target.Linear.Adapters.Add(layer);
    }

    public IReadOnlyList<(TargetModule Target, IPeftLayer Layer)> Layers => _layers;

    public override IReadOnlyList<(string Name, Parameter Parameter)> Parameters => _layers
        .SelectMany(l => l.Layer.TensorNames.Select(n => (l.Target.Name + "." + n, Find(l.Target.Linear, n)))).ToList();

    public override IReadOnlyList<AdapterTensor> Tensors => _layers
        .SelectMany(l => l.Layer.TensorNames.Select(n => AdapterTensor.ForParameter(l.Target.Name + "." + n, () => Find(l.Target.Linear, n))))
        .ToList();

    public override IReadOnlyList<string> Targets => _layers.Select(l => l.Target.Name).ToList();

    public override bool CanMerge => _layers.Count > 0 && _layers.All(l => l.Layer.CanMerge);

    public override void Merge()
    {
        if (!CanMerge) base.Merge();
        if (Merged) return;
        foreach (var (target, layer) in _layers) layer.Merge(target.Linear);
        Merged = true;
    }

    public override void Unmerge()
    {
        if (!CanMerge) base.Unmerge();
        if (!Merged) return;
        foreach (var (target, layer) in _layers) layer.Unmerge(target.Linear);
        Merged = false;
    }

    /// <summary>A parameter registered on <paramref name="host"/> under a (possibly dotted) name.</summary>
    internal static Parameter Find(AdaptableLinear host, string name) =>
        host.named_parameters().FirstOrDefault(p => p.name == name).parameter
        ?? throw new InvalidOperationException($"the module has no adapter tensor '{name}'");
}
