// BLOOM / BLOOMZ decoder-only language model, numerically as Hugging Face transformers.
// How it departs from the textbook (GPT-style) Transformer:
//  - No position embeddings: ALiBi adds slope_h * key_position to the attention scores (slopes for any head count,
//    positions from the attention mask's cumulative sum so left padding works).
//  - A LayerNorm right after the word embeddings (word_embeddings_layernorm), and a final ln_f.
//  - query, key and value come from one fused projection laid out per head as (H, 3, Dh).
//  - Biases on every Linear and LayerNorm; tanh-approximated GELU; the LM head is the word embedding matrix.
using T0Sharp.Models.Adaptation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.Bloom;

/// <summary>The BLOOM trunk (Hugging Face BloomModel): embeddings, blocks, final LayerNorm.</summary>
public sealed class BloomModel : nn.Module<CausalInput, Tensor>
{
    readonly Embedding word_embeddings;
    readonly LayerNorm word_embeddings_layernorm, ln_f;
    readonly ModuleList<BloomBlock> h;
    readonly int heads;

    public BloomModel(BloomConfig c) : base(nameof(BloomModel))
    {
        word_embeddings = nn.Embedding(c.VocabSize, c.HiddenSize);
        word_embeddings_layernorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEpsilon);
        h = new ModuleList<BloomBlock>(Enumerable.Range(0, c.NLayer).Select(_ => new BloomBlock(c)).ToArray());
        ln_f = nn.LayerNorm(c.HiddenSize, c.LayerNormEpsilon);
        heads = c.NHead;
        RegisterComponents();
    }

    public Tensor EmbeddingMatrix => word_embeddings.weight!;
    public int Depth => h.Count;

    /// <summary>Set by the owning model: soft prompts and prefixes come from it.</summary>
    internal ModelAdaptation? Adaptation { get; set; }

    /// <summary>
    /// Hidden states after ln_f, (B, T, hidden), for the caller's T positions. A soft prompt (P vectors) is fed once,
    /// before the first tokens of a sequence (cache empty), and stays in the cache; its positions are not returned.
    /// Prefix keys/values extend every layer's keys on every call.
    /// </summary>
    public override Tensor forward(CausalInput input)
    {
        using var scope = NewDisposeScope();
        var embeddings = input.InputEmbeddings ?? word_embeddings.call(input.InputIds ?? throw new ArgumentException("CausalInput needs InputIds or InputEmbeddings."));
        long b = embeddings.shape[0], t = embeddings.shape[1], past = input.Cache?.PastLength ?? 0;
        long virtualCached = input.Cache?.VirtualLength ?? 0;
        var device = embeddings.device;
        var callerMask = input.AttentionMask ?? ones(b, past - virtualCached + t, dtype: ScalarType.Int64, device: device);
        if (callerMask.shape[1] != past - virtualCached + t)
            throw new ArgumentException($"AttentionMask covers {callerMask.shape[1]} positions; expected past ({past - virtualCached}) + new ({t}).");

        long promptNow = 0;
        if (past == 0 && Adaptation?.Prompt(embeddings, input.AttentionMask) is { } prompt)
        {
            RequireUnpacked(input.SegmentIds ?? input.Positions, "soft prompts");
            promptNow = prompt.shape[1];
            embeddings = cat([prompt, embeddings], 1); // (B, P+T, hidden)
            if (input.Cache is not null) input.Cache.VirtualLength = promptNow;
        }
        long promptTotal = promptNow + virtualCached, tNew = t + promptNow;
        var mask = promptTotal > 0 ? cat([ones(b, promptTotal, dtype: callerMask.dtype, device: device), callerMask], 1) : callerMask; // (B, past + tNew)
        var prefixes = Adaptation?.Prefixes(AttentionSite.DecoderSelf, b, h.Count);
        long p = prefixes?[0].Length ?? 0;
        if (p > 0) RequireUnpacked(input.SegmentIds ?? input.Positions, "attention prefixes");
        if (prefixes?[0].Mask is not null) throw new NotSupportedException("BLOOM attention takes no masked prefixes (a provider gave a prefix with a mask)");

        var hidden = word_embeddings_layernorm.call(embeddings);
        var keyMask = p > 0 ? cat([ones(b, p, dtype: mask.dtype, device: device), mask], 1) : mask; // prefix keys sit at positions 0..P-1
        var alibi = Alibi.Build(keyMask, heads, hidden.dtype, input.Positions);
        var allowed = AttentionMasks.Causal(tNew, past, device).logical_and(AttentionMasks.FromPadding(mask));
        if (input.SegmentIds is not null) allowed = allowed.logical_and(AttentionMasks.SameSegment(input.SegmentIds, input.SegmentIds));
        if (p > 0) allowed = cat([ones(b, 1, tNew, p, dtype: ScalarType.Bool, device: device), allowed.expand(b, 1, tNew, past + tNew)], -1);
        var masked = allowed.logical_not();

        input.HiddenStates?.Add(hidden);
        for (int i = 0; i < h.Count; i++)
        {
            hidden = h[i].call(new BloomLayerInput(hidden, alibi, masked, input.Cache?.Self[i], Prefix: prefixes?[i]));
            if (i < h.Count - 1) input.HiddenStates?.Add(hidden);
        }
        hidden = ln_f.call(hidden);
        input.HiddenStates?.Add(hidden);
        if (promptNow > 0) hidden = hidden.narrow(1, promptNow, t); // the caller's positions only
        return ScopeEscape.WithStates(hidden, input.HiddenStates);
    }

    static void RequireUnpacked(Tensor? packing, string what)
    {
        if (packing is not null)
            throw new NotSupportedException($"{what} need unpacked batches: packed rows hold several examples, each of which would need its own. Set data.pack: false.");
    }
}

/// <summary>BLOOM with its (tied) LM head. State-dict keys carry Hugging Face's <c>transformer.</c> prefix.</summary>
public sealed class BloomForCausalLM : nn.Module<ModelBatch, Tensor>, ICausalLM
{
    readonly BloomModel transformer;

    public BloomForCausalLM(BloomConfig config) : base(nameof(BloomForCausalLM))
    {
        Config = config;
        transformer = new BloomModel(config);
        RegisterComponents();
        Adaptation = new ModelAdaptation(this);
        transformer.Adaptation = Adaptation;
    }

    public BloomConfig Config { get; }
    ModelConfig ILanguageModel.Config => Config;
    public bool IsEncoderDecoder => false;
    public nn.Module Module => this;
    // EmbeddingMatrix returns a new tensor handle on every call (TorchSharp's Embedding.weight): release it here.
    public Device Device { get { using var w = transformer.EmbeddingMatrix; return w.device; } }
    public ScalarType ComputeDtype { get { using var w = transformer.EmbeddingMatrix; return w.dtype; } }
    public ModelAdaptation Adaptation { get; }
    public long PadTokenId => Config.PadTokenId ?? Config.EosTokenId ?? 0;
    public BloomModel Transformer => transformer;

    /// <summary>The word embedding (V, hidden), also the LM head: soft-prompt initialisation from vocabulary rows reads it.
    /// Each call returns a new handle to the same tensor: dispose it (or call inside a dispose scope).</summary>
    public Tensor EmbeddingMatrix => transformer.EmbeddingMatrix;

    public Tensor Logits(ModelBatch batch) => call(batch);

    public override Tensor forward(ModelBatch batch)
    {
        using var scope = NewDisposeScope();
        var hidden = Hidden(new CausalInput(batch.InputIds, batch.AttentionMask, null, batch.InputSegmentIds, batch.InputPositions,
            Conditioning: batch.Conditioning));
        return LmHead(hidden).MoveToOuterDisposeScope();
    }

    public Tensor Hidden(CausalInput input)
    {
        using var conditioning = Adaptation.Enter(input.Conditioning);
        return transformer.call(input);
    }

    /// <summary>Logits (B, T, V) in fp32 for a forward call (with or without cache).</summary>
    public Tensor ForwardLogits(CausalInput input)
    {
        using var scope = NewDisposeScope();
        return LmHead(Hidden(input)).MoveToOuterDisposeScope();
    }

    public Tensor LmHead(Tensor hidden) => nn.functional.linear(hidden, transformer.EmbeddingMatrix).to(ScalarType.Float32);

    public KvCache NewCache() => new(transformer.Depth, crossAttention: false);
}
