using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Modular.HyperAdapters;

/// <summary>
/// Hyper-adapters (Baziotis et al. 2022): a bottleneck adapter after every feed-forward sub-layer (T5
/// <c>DenseReluDense</c>, BLOOM <c>mlp</c>; encoder blocks first, then decoder blocks), whose weights the
/// <see cref="HyperAdapterNetwork"/> generates from the row's (source language, target language, layer) embeddings:
/// y' = y + ReLU(LN(y)·Downᵀ + b_down)·Up + b_up, LN a layer norm without learned scale or shift. Each row's languages
/// come from <see cref="Conditioning.LanguageIds"/> ((B,) one language, or (B, 2) source and target) or, when the
/// call carries none, from its task id through <see cref="HyperAdapterSettings.TaskLanguages"/>; -1 is an unknown
/// language (the mean embedding). Within a call each distinct language pair is generated once per layer.
/// </summary>
public sealed class HyperAdapterMethod : IModularMethod, ILanguageConditioned
{
    public const string MethodName = "hyper_adapters";

    readonly HyperAdapterSettings _s;
    readonly HyperAdapterNetwork _net;
    readonly long[] _taskLanguages; // (tasks + 1) × 2: source, target per task id; the last row is the unknown task
    readonly int _layers;

    public HyperAdapterMethod(ModularContext context, HyperAdapterSettings settings)
    {
        _s = settings;
        var model = context.Model;
        var dims = ModelDims.Of(model);
        _layers = dims.EncoderLayers + dims.DecoderLayers;
        _net = new HyperAdapterNetwork(settings.Languages.Count, _layers, dims.DModel, settings, context.Initialise ? context.NewGenerator() : null);
        _net.to(model.Device);
        model.Adaptation.RegisterModule(ModularModel.ModuleName, _net);
        _taskLanguages = new long[(context.Tasks.Count + 1) * 2];
        Array.Fill(_taskLanguages, -1L);
        for (var t = 0; t < context.Tasks.Count; t++)
            if (settings.TaskLanguages.TryGetValue(context.Tasks.Tasks[t].Name, out var pair))
                (_taskLanguages[2 * t], _taskLanguages[2 * t + 1]) = (pair.Source, pair.Target);
        foreach (var host in AdaptationPoints.Hosts(model).Where(h => h.LocalName is "DenseReluDense" or "mlp"))
        {
            var layer = host.LayerIndex!.Value + (host.Name.StartsWith("decoder.", StringComparison.Ordinal) ? dims.EncoderLayers : 0);
            host.Host.Adapters.Add(new HyperAdapterLayer(this, layer));
        }
    }

    public string Name => MethodName;
    public ConditioningKinds ConditionsOn => ConditioningKinds.Language | ConditioningKinds.TaskId;
    public nn.Module Module => _net;
    internal HyperAdapterNetwork Network => _net;

    public string Description =>
        $"hyper-adapters: {_s.Bottleneck}-wide adapters on {_layers} feed-forward layers generated from {_s.Languages.Count} language and {_layers} layer embeddings (e {_s.EmbeddingDim}, d_h {_s.HiddenDim})";

    /// <summary>The (source, target) ids of a language code or "SRC&gt;TGT" pair, null when a code is not in the list.</summary>
    public IReadOnlyList<int>? LanguageIdsFor(string? taskName, string? language)
    {
        if (taskName is not null && _s.TaskLanguages.TryGetValue(taskName, out var pair)) return [pair.Source, pair.Target];
        if (language is null) return null;
        var codes = language.Split('>');
        var ids = codes.Select(c => _s.Languages.ToList().IndexOf(c)).ToList();
        return ids.Any(i => i < 0) ? null : ids.Count == 1 ? [ids[0], ids[0]] : ids;
    }

    /// <summary>(B, 2) int64 source and target language ids of the call's rows (see the type's summary).</summary>
    internal Tensor Pairs(Conditioning? c, long rows, Device device)
    {
        c?.CheckRows(rows);
        if (c?.LanguageIds is { } l) return (l.dim() == 1 ? stack([l, l], 1) : l).to(device);
        var taskIds = RowConditioning.TaskIds(c, rows, device);
        var unknown = _taskLanguages.Length / 2 - 1;
        var table = tensor(_taskLanguages, [unknown + 1, 2], device: device);
        return table.index_select(0, where(taskIds.Below(0L), taskIds.FilledLike(unknown), taskIds));
    }

    /// <summary>The adapter of <paramref name="layer"/> for every row: each distinct pair generated once, then gathered.</summary>
    internal GeneratedAdapter ForRows(Tensor pairs, int layer)
    {
        long n = _s.Languages.Count + 1;
        var keys = pairs[.., 0].Plus(1L).Times(n).Plus(pairs[.., 1].Plus(1L)); // (B,): one key per (source, target)
        var (unique, inverse, _) = keys.unique(sorted: true, return_inverse: true);
        var g = _net.Generate(stack([unique.FloorOver(n).Minus(1L), unique.Modulo(n).Minus(1L)], 1), layer);
        return new GeneratedAdapter(g.Down.index_select(0, inverse!), g.Up.index_select(0, inverse!), g.BiasDown.index_select(0, inverse!), g.BiasUp.index_select(0, inverse!));
    }
}

/// <summary>A hyper-adapter on one feed-forward sub-layer's output (before its dropout and residual).</summary>
internal sealed class HyperAdapterLayer(HyperAdapterMethod method, int layer) : IModuleAdapter
{
    public string Method => HyperAdapterMethod.MethodName;

    public void Attach(AdapterSlot slot) { } // every tensor lives in the hypernetwork

    public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
    {
        var g = method.ForRows(method.Pairs(call.Conditioning, output.shape[0], output.device), layer);
        var y = output.to(g.Down.dtype);
        var z = nn.functional.layer_norm(y, [y.shape[^1]], eps: 1e-5);                                    // (B, T, d)
        var h = nn.functional.relu(z.matmul(g.Down.transpose(1, 2)).Plus(g.BiasDown.unsqueeze(1)));      // (B, T, m)
        return output.Plus(h.matmul(g.Up).Plus(g.BiasUp.unsqueeze(1)).to(output.dtype));
    }
}

/// <summary>Registers hyper-adapters in a <see cref="ModularRegistry"/>.</summary>
public sealed class HyperAdapterFactory : IModularMethodFactory
{
    public string Name => HyperAdapterMethod.MethodName;
    public string Summary => "hyper-adapters (Baziotis et al. 2022): adapters generated from source/target language and layer embeddings";
    public IModularMethod Create(ModularContext context, ModularSettings settings) => new HyperAdapterMethod(context, HyperAdapterSettings.Read(settings));
}
