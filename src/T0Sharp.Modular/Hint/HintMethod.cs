using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Models.T5;
using T0Sharp.Modular.Contract;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Hint;

/// <summary>
/// HINT (Ivison et al. 2023, "HINT: Hypernetwork Instruction Tuning"): each row's instruction is encoded by the model's
/// own encoder (with HINT's own adapters and prefixes off, as the reference's <c>hyper=True</c> pass), the
/// <see cref="HintHypernetwork"/> turns it into feed-forward adapters (parallel to every T5 feed-forward sub-layer, on
/// its normed input: y + up(gelu(down(x))), as the reference's adapter block) and prefix keys/values for encoder self-,
/// decoder self- and decoder cross-attention; with <see cref="HintSettings.Fusion"/> the encoded instruction also joins
/// the encoder output for cross-attention (its padding masked). One computation serves every layer of a model call
/// and is released when the call ends (<see cref="ModelAdaptation.CallCompleted"/>).
/// <para>Caching: at inference (eval mode, no gradients) each distinct instruction's parameters are generated once, from
/// the instruction alone (no padding), kept, and gathered for every row that carries it; a call in training mode or
/// with gradients recomputes every row and empties the cache (the hypernetwork may have changed).</para>
/// </summary>
public sealed class HintMethod : IModularMethod, IPrefixProvider, IDisposable
{
    public const string MethodName = "hint";

    readonly IEncoderDecoderLM _model;
    readonly TaskTable _tasks;
    readonly HintSettings _s;
    readonly HintLayout _layout;
    readonly HintHypernetwork _net;
    readonly IReadOnlyList<T5Attention> _cross;
    readonly Dictionary<string, HintParameters> _cache = new(StringComparer.Ordinal);
    bool _encoding;
    Conditioning? _callConditioning;
    HintParameters? _call;

    public HintMethod(ModularContext context, HintSettings settings)
    {
        if (context.Model is not T5ForConditionalGeneration t5)
            throw new InvalidDataException($"modular.method: hint needs an encoder-decoder model (T5 family); the model is {context.Model.Config.ModelType}");
        (_model, _tasks, _s) = (t5, context.Tasks, settings);
        _layout = new HintLayout(ModelDims.Of(t5), settings);
        _net = new HintHypernetwork(_layout, context.Initialise ? context.NewGenerator() : null);
        _net.to(t5.Device);
        t5.Adaptation.RegisterModule(ModularModel.ModuleName, _net);
        var modules = t5.named_modules().ToList();
        _cross = Enumerable.Range(0, t5.DecoderDepth)
            .Select(i => (T5Attention)modules.Single(m => m.name == $"decoder.block.{i}.layer.1.EncDecAttention").module).ToList();
        if (settings.AdapterSize > 0)
            foreach (var host in AdaptationPoints.Hosts(t5).Where(h => h.LocalName == "DenseReluDense"))
                host.Host.Adapters.Add(new HintFeedForwardAdapter(this, _layout.AdapterSite(host.Name.StartsWith("decoder.", StringComparison.Ordinal), host.LayerIndex!.Value)));
        if (settings.PrefixLength > 0 || settings.Fusion) t5.Adaptation.AddPrefixProvider(this);
        t5.Adaptation.CallCompleted += ReleaseCall;
    }

    public string Name => MethodName;
    public ConditioningKinds ConditionsOn => ConditioningKinds.Instruction;
    public nn.Module Module => _net;
    public HintSettings Settings => _s;
    public HintLayout Layout => _layout;

    public string Description
    {
        get
        {
            var parts = new List<string>();
            if (_s.AdapterSize > 0) parts.Add($"{_s.AdapterSize}-wide adapters on {_layout.AdapterSites} feed-forward layers");
            if (_s.PrefixLength > 0) parts.Add($"{_s.PrefixLength} prefix vectors at {_layout.PrefixSites} attention layers");
            if (_s.Fusion) parts.Add("instruction fused into cross-attention");
            return $"HINT: {string.Join(", ", parts)}, generated from the encoded instruction by {_layout.Rows} component embeddings";
        }
    }

    /// <summary>Instructions whose generated parameters are cached (inference).</summary>
    public int CachedInstructions => _cache.Count;

    /// <summary>When false, every call regenerates each row's parameters (the reference behaviour, for comparison).</summary>
    public bool Caching { get; set; } = true;

    public void ClearCache()
    {
        foreach (var p in _cache.Values) p.Dispose();
        _cache.Clear();
    }

    /// <summary>
    /// The generated parameters of the model call in progress, one row per row of the call (computed on first use by
    /// any layer), or null while HINT encodes an instruction (its own adapters and prefixes are then off).
    /// </summary>
    internal HintParameters? ForCall(Conditioning? conditioning, long rows)
    {
        if (_encoding) return null;
        if (_call is null || !ReferenceEquals(_callConditioning, conditioning))
        {
            ReleaseCall();
            _call = Compute(conditioning, rows).Detached();
            _callConditioning = conditioning;
        }
        if (_call.Rows != rows && _call.Rows != 1)
            throw new InvalidOperationException($"HINT generated parameters for {_call.Rows} rows but a layer of the call has {rows}: the call's conditioning must describe every row");
        return _call;
    }

    void ReleaseCall()
    {
        _call?.Dispose();
        (_call, _callConditioning) = (null, null);
    }

    HintParameters Compute(Conditioning? conditioning, long rows)
    {
        var (ids, mask) = RowConditioning.Instructions(conditioning, rows, _tasks, _model.Device);
        if (Caching && _s.CacheInstructions && !_net.training && !is_grad_enabled()) return FromCache(ids, mask);
        ClearCache();
        return Generate(ids, mask);
    }

    /// <summary>Encodes the instructions (B, L) with the model's encoder (HINT off, no gradient: the base is frozen) and generates.</summary>
    HintParameters Generate(Tensor ids, Tensor mask)
    {
        Tensor hidden;
        _encoding = true;
        try
        {
            using var _ = no_grad();
            hidden = _model.Encode(new EncoderInput(ids, mask)).Hidden; // (B, L, d)
        }
        finally { _encoding = false; }
        var generated = _net.Generate(hidden, mask);
        var instruction = _s.Fusion ? hidden.mul(mask.unsqueeze(-1).to(hidden.dtype)) : null;
        return HintParameters.From(generated, _layout, _s, instruction, _s.Fusion ? mask : null);
    }

    /// <summary>Each distinct instruction generated once (alone, unpadded) and kept; rows gather their instruction's.</summary>
    HintParameters FromCache(Tensor ids, Tensor mask)
    {
        long rows = ids.shape[0], width = ids.shape[1];
        long[] hostIds = ids.cpu().data<long>().ToArray(), hostMask = mask.cpu().data<long>().ToArray();
        var order = new List<string>();
        var index = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            var tokens = Enumerable.Range(0, (int)width).Where(j => hostMask[r * width + j] != 0).Select(j => hostIds[r * width + j]).ToArray();
            var key = string.Join(',', tokens);
            if (!_cache.ContainsKey(key))
            {
                using var scope = NewDisposeScope();
                var one = tokens.Length == 0 ? zeros([1, 1], ScalarType.Int64, ids.device) : tensor(tokens, [1, tokens.Length], device: ids.device);
                var oneMask = tokens.Length == 0 ? zeros([1, 1], ScalarType.Int64, ids.device) : ones([1, tokens.Length], ScalarType.Int64, ids.device);
                _cache[key] = Generate(one, oneMask).Detached();
            }
            var at = order.IndexOf(key);
            if (at < 0) { at = order.Count; order.Add(key); }
            index[r] = at;
        }
        if (order.Count == 1) return _cache[order[0]].Alias(); // one instruction for the whole call: broadcast, no copy
        var joined = HintParameters.Cat(order.Select(k => _cache[k]).ToList());
        return joined.Select(tensor(index, device: ids.device));
    }

    public IReadOnlyList<AttentionPrefix>? Prefixes(AttentionSite site, long rows, Conditioning? conditioning)
    {
        if (_encoding) return null;
        var fuse = _s.Fusion && site == AttentionSite.DecoderCross;
        if (_s.PrefixLength == 0 && !fuse) return null;
        var g = ForCall(conditioning, rows)!;
        var layers = _layout.Dims.LayersAt(site);
        return Enumerable.Range(0, layers).Select(l =>
        {
            var parts = new List<AttentionPrefix>();
            if (g.PrefixKey is not null)
            {
                var s = _layout.PrefixSite(site, l);
                parts.Add(new AttentionPrefix(g.PrefixKey.select(1, s).expand(rows, -1, -1, -1), g.PrefixValue!.select(1, s).expand(rows, -1, -1, -1))); // (B, H, P, Dh)
            }
            if (fuse)
            {
                var (key, value) = _cross[l].ProjectKeysValues(g.Instruction!.to(_model.ComputeDtype)); // (B|1, H, L, Dh)
                parts.Add(new AttentionPrefix(key.expand(rows, -1, -1, -1), value.expand(rows, -1, -1, -1), g.InstructionMask!.expand(rows, -1)));
            }
            return AttentionPrefix.Concat(parts);
        }).ToList();
    }

    public void Dispose()
    {
        ReleaseCall();
        ClearCache();
    }
}

/// <summary>
/// HINT's adapter on one T5 feed-forward sub-layer, in parallel with it on its normed input x:
/// y' = y + gelu(x·Downᵀ + b_down)·Up + b_up, with this layer's generated Down/Up/biases for each row.
/// </summary>
internal sealed class HintFeedForwardAdapter(HintMethod method, int site) : IModuleAdapter
{
    public string Method => HintMethod.MethodName;

    public void Attach(AdapterSlot slot) { } // every tensor lives in the hypernetwork

    public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
    {
        var g = method.ForCall(call.Conditioning, input.shape[0]);
        if (g?.Down is null) return output;
        var x = input.to(g.Down.dtype);                                                              // (B, T, d)
        Tensor down = g.Down.select(1, site), up = g.Up!.select(1, site);                           // (B|1, a, d)
        Tensor biasDown = g.BiasDown!.select(1, site).unsqueeze(1), biasUp = g.BiasUp!.select(1, site).unsqueeze(1); // (B|1, 1, ·)
        // Shared by every row (a cached instruction): one plain matmul over all tokens; else one per row.
        var h = (down.shape[0] == 1 ? x.matmul(down[0].t()) : x.matmul(down.transpose(1, 2))).Plus(biasDown); // (B, T, a)
        var act = Models.Activations.Apply("gelu_new", h);
        var delta = (up.shape[0] == 1 ? act.matmul(up[0]) : act.matmul(up)).add(biasUp);           // (B, T, d)
        return output.Plus(delta.to(output.dtype));
    }
}

/// <summary>Registers HINT in a <see cref="ModularRegistry"/>.</summary>
public sealed class HintFactory : IModularMethodFactory
{
    public string Name => HintMethod.MethodName;
    public string Summary => "HINT (Ivison et al. 2023): the encoded instruction generates adapters and prefixes, cached per instruction at inference";
    public IModularMethod Create(ModularContext context, ModularSettings settings) => new HintMethod(context, HintSettings.Read(settings));
}
