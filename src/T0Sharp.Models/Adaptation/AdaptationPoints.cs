using TorchSharp;
using TorchSharp.Modules;

namespace T0Sharp.Models.Adaptation;

/// <summary>A module that can host adapters, with its state-dict name (e.g. <c>decoder.block.1.layer.0.SelfAttention.q</c>).</summary>
public sealed record AdapterHostEntry(string Name, IAdapterHost Host)
{
    /// <summary>The last name component (<c>q</c>, <c>wi_1</c>, <c>DenseReluDense</c>, <c>query_key_value</c>).</summary>
    public string LocalName => Name[(Name.LastIndexOf('.') + 1)..];

    /// <summary>The block index in its stack (<c>block.N</c> / <c>h.N</c>), or null for modules outside the blocks.</summary>
    public int? LayerIndex
    {
        get
        {
            var parts = Name.Split('.');
            for (var i = 0; i + 1 < parts.Length; i++)
                if (parts[i] is "block" or "h" && int.TryParse(parts[i + 1], out var n)) return n;
            return null;
        }
    }
}

/// <summary>
/// Finds a model's adaptation points and tells base tensors from adapter tensors structurally (by which module
/// registered them), never by name patterns: hosts are the modules implementing <see cref="IAdapterHost"/>, adapter
/// tensors are those their <see cref="AdapterSlot"/>s and the model's <see cref="ModelAdaptation"/> registered.
/// </summary>
public static class AdaptationPoints
{
    /// <summary>Every adapter host of <paramref name="model"/> in module order, with its state-dict name.</summary>
    public static IReadOnlyList<AdapterHostEntry> Hosts(ILanguageModel model) =>
        model.Module.named_modules().Where(m => m.module is IAdapterHost)
            .Select(m => new AdapterHostEntry(m.name, (IAdapterHost)m.module)).ToList();

    /// <summary>State-dict name prefixes owned by adapters (a parameter is an adapter's when equal to one or below it).</summary>
    public static IReadOnlyList<string> AdapterPrefixes(ILanguageModel model)
    {
        var prefixes = new List<string>();
        foreach (var (name, host) in Hosts(model))
            prefixes.AddRange(host.Adapters.OwnedNames.Select(o => name.Length == 0 ? o : name + "." + o));
        prefixes.AddRange(model.Adaptation.OwnedNames);
        return prefixes;
    }

    /// <summary>True when <paramref name="parameterName"/> belongs to an adapter of the model (per <paramref name="prefixes"/>).</summary>
    public static bool IsAdapterTensor(string parameterName, IReadOnlyList<string> prefixes) =>
        prefixes.Any(p => parameterName == p || parameterName.StartsWith(p + ".", StringComparison.Ordinal));

    /// <summary>The base model's own parameters (what a Hugging Face checkpoint of the base holds), in module order.</summary>
    public static IEnumerable<(string Name, Parameter Parameter)> BaseParameters(ILanguageModel model)
    {
        var prefixes = AdapterPrefixes(model);
        return model.Module.named_parameters().Where(p => !IsAdapterTensor(p.name, prefixes)).Select(p => (p.name, p.parameter));
    }

    /// <summary>The parameters adapters added, in module order.</summary>
    public static IEnumerable<(string Name, Parameter Parameter)> AdapterParameters(ILanguageModel model)
    {
        var prefixes = AdapterPrefixes(model);
        return model.Module.named_parameters().Where(p => IsAdapterTensor(p.name, prefixes)).Select(p => (p.name, p.parameter));
    }

    /// <summary>
    /// Freezes every base parameter (no gradient, so no optimizer state) except those under <paramref name="keepTrainable"/>
    /// (PEFT's modules_to_save); adapter parameters stay trainable.
    /// </summary>
    public static void FreezeBase(ILanguageModel model, IEnumerable<string>? keepTrainable = null)
    {
        var keep = keepTrainable?.ToList() ?? [];
        foreach (var (name, p) in BaseParameters(model))
            p.requires_grad = keep.Any(k => name == k || name.StartsWith(k + ".", StringComparison.Ordinal));
    }
}
