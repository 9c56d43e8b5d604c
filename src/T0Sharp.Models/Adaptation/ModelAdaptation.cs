using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Adaptation;

/// <summary>
/// The adaptation state of one model: the conditioning of the call in progress (read by adapters inside layers), the
/// soft-prompt and prefix providers the model consults at each entry point, and the model-level modules they own
/// (registered on the model, e.g. PEFT's <c>prompt_embeddings</c>). An unadapted model has no providers and computes as before.
/// </summary>
public sealed class ModelAdaptation
{
    readonly nn.Module _model;
    readonly List<IPromptProvider> _prompts = [];
    readonly List<IPrefixProvider> _prefixes = [];
    readonly List<string> _owned = [];

    public ModelAdaptation(nn.Module model)
    {
        _model = model;
        foreach (var host in model.modules().OfType<IAdapterHost>()) host.Adapters.Model = this;
    }

    /// <summary>Conditioning of the forward call in progress (null outside a call or when the batch has none).</summary>
    public Conditioning? Current { get; private set; }

    public IReadOnlyList<IPromptProvider> PromptProviders => _prompts;
    public IReadOnlyList<IPrefixProvider> PrefixProviders => _prefixes;

    /// <summary>Names (relative to the model) of the modules providers registered on it.</summary>
    public IReadOnlyList<string> OwnedNames => _owned;

    /// <summary>False bypasses prompts and prefixes (with <see cref="AdapterSlot.Enabled"/>: the base model).</summary>
    public bool Enabled { get; set; } = true;

    public bool HasInputPrompt => Enabled && _prompts.Count > 0;
    public bool HasPrefix => Enabled && _prefixes.Count > 0;

    public void AddPromptProvider(IPromptProvider provider) => _prompts.Add(provider);
    public void AddPrefixProvider(IPrefixProvider provider) => _prefixes.Add(provider);

    /// <summary>Registers a provider's module on the model as <paramref name="name"/> (state-dict keys name.*).</summary>
    public void RegisterModule(string name, nn.Module module)
    {
        if (_owned.Contains(name) || _model.named_children().Any(c => c.name == name))
            throw new InvalidOperationException($"the model already has a module named '{name}'");
        _model.register_module(name, module);
        _owned.Add(name);
    }

    int _depth;

    /// <summary>
    /// Raised when the outermost conditioning scope ends (a forward, an <c>Encode</c> or a <c>DecoderHidden</c> call
    /// returns to its caller): providers that computed tensors for the call (HINT's generated adapters and prefixes,
    /// shared by every layer of the call) release them here.
    /// </summary>
    public event Action? CallCompleted;

    /// <summary>True while a model call (a conditioning scope) is in progress.</summary>
    public bool InCall => _depth > 0;

    /// <summary>Makes <paramref name="conditioning"/> current until the returned scope is disposed (scopes nest).</summary>
    public ConditioningScope Enter(Conditioning? conditioning) => new(this, conditioning);

    void Exit(Conditioning? previous)
    {
        Current = previous;
        if (--_depth == 0) CallCompleted?.Invoke();
    }

    /// <summary>The soft prompt for this call, (B, P, d) with every provider's prompt side by side, or null.</summary>
    public Tensor? Prompt(Tensor inputEmbeddings, Tensor? inputMask)
    {
        if (!HasInputPrompt) return null;
        var request = new PromptRequest(inputEmbeddings.shape[0], inputEmbeddings, inputMask, Current);
        var parts = _prompts.Select(p => p.Prompt(request).to(inputEmbeddings.dtype)).ToArray();
        return parts.Length == 1 ? parts[0] : cat(parts, 1);
    }

    /// <summary>Per-layer prefixes for <paramref name="site"/> with every provider's side by side, or null.</summary>
    public IReadOnlyList<AttentionPrefix>? Prefixes(AttentionSite site, long rows, int layers)
    {
        if (!HasPrefix) return null;
        var parts = _prefixes.Select(p => p.Prefixes(site, rows, Current)).Where(p => p is not null).Cast<IReadOnlyList<AttentionPrefix>>().ToList();
        if (parts.Count == 0) return null;
        foreach (var p in parts)
            if (p.Count != layers) throw new InvalidOperationException($"a prefix provider gave {p.Count} layers of prefixes for {site}; the model has {layers}.");
        return Enumerable.Range(0, layers).Select(l => AttentionPrefix.Concat(parts.Select(p => p[l]).ToList())).ToList();
    }

    public readonly struct ConditioningScope : IDisposable
    {
        readonly ModelAdaptation _owner;
        readonly Conditioning? _previous;

        internal ConditioningScope(ModelAdaptation owner, Conditioning? conditioning)
        {
            _owner = owner;
            _previous = owner.Current;
            owner.Current = conditioning ?? owner.Current;
            owner._depth++;
        }

        public void Dispose() => _owner.Exit(_previous);
    }
}
