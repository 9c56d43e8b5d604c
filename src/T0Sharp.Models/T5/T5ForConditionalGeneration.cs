// T5 family encoder-decoder (T5 v1.0, T5 v1.1, T0, Flan-T5, mT5, mT0), numerically as Hugging Face transformers.
// How it departs from the textbook Transformer (Vaswani et al.):
//  - RMS layer norm without mean or bias, applied before each sub-layer (pre-norm), plus a final norm per stack.
//  - No absolute positions: a learned bias per head over log-spaced relative-position buckets (bidirectional in the
//    encoder, causal in the decoder), computed by the first layer of each stack and shared by all layers.
//  - Unscaled dot-product attention; no biases anywhere.
//  - Feed-forward: ReLU (v1.0) or gated-GELU with the tanh approximation (v1.1, T0, mT5).
//  - One embedding matrix shared by encoder and decoder; v1.0 ties it to the LM head and rescales the decoder output by
//    d_model**-0.5 first, v1.1 has a separate untied lm_head.
using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

public sealed class T5ForConditionalGeneration : nn.Module<ModelBatch, Tensor>, IEncoderDecoderLM
{
    readonly Embedding shared;
    readonly T5Stack encoder, decoder;
    readonly AdaptableLinear? lm_head; // absent when tied: the head is shared.weight

    public T5ForConditionalGeneration(T5Config config) : base(nameof(T5ForConditionalGeneration))
    {
        Config = config;
        shared = nn.Embedding(config.VocabSize, config.DModel);
        encoder = new T5Stack(config, isDecoder: false);
        decoder = new T5Stack(config, isDecoder: true);
        if (!config.TieWordEmbeddings) lm_head = new AdaptableLinear(config.DModel, config.VocabSize, hasBias: false);
        RegisterComponents();
        Adaptation = new ModelAdaptation(this);
    }

    public T5Config Config { get; }
    ModelConfig ILanguageModel.Config => Config;
    public bool IsEncoderDecoder => true;
    public nn.Module Module => this;
    // TorchSharp's Embedding.weight getter returns a new tensor handle on every call: read and release it, so that
    // asking a model for its device outside a dispose scope (decoding sessions do) leaves no live tensor behind.
    public Device Device { get { using var w = shared.weight!; return w.device; } }
    public ScalarType ComputeDtype { get { using var w = shared.weight!; return w.dtype; } }
    public ModelAdaptation Adaptation { get; }
    public long PadTokenId => Config.PadTokenId ?? 0;
    public long DecoderStartTokenId => Config.DecoderStartTokenId ?? 0;
    public int EncoderDepth => encoder.Depth;
    public int DecoderDepth => decoder.Depth;

    /// <summary>The shared token embedding (V, d_model): soft-prompt initialisation from vocabulary rows reads it. Each call
    /// returns a new handle to the same tensor: dispose it (or call inside a dispose scope).</summary>
    public Tensor EmbeddingMatrix => shared.weight!;

    public Tensor Logits(ModelBatch batch) => call(batch);

    /// <summary>Route attention through torch's fused scaled_dot_product_attention (see <see cref="T5Attention.FusedAttention"/>).</summary>
    public bool FusedAttention
    {
        get => modules().OfType<T5Attention>().First().FusedAttention;
        set { foreach (var a in modules().OfType<T5Attention>()) a.FusedAttention = value; }
    }

    public override Tensor forward(ModelBatch batch)
    {
        if (batch.DecoderInputIds is null) throw new ArgumentException("T5 needs DecoderInputIds (targets shifted right with the decoder start token).", nameof(batch));
        using var scope = NewDisposeScope();
        using var conditioning = Adaptation.Enter(batch.Conditioning);
        var encoded = Encode(new EncoderInput(batch.InputIds, batch.AttentionMask, batch.InputSegmentIds, batch.InputPositions));
        var hidden = DecoderHidden(new DecoderInput(batch.DecoderInputIds, encoded.Hidden, encoded.Mask, null,
            batch.DecoderSegmentIds, batch.InputSegmentIds, batch.DecoderPositions));
        return LmHead(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Encoder output after the final norm. A soft prompt from <see cref="Adaptation"/> (P vectors) is prepended to the
    /// input embeddings, so the output has P + S positions and its mask covers them; encoder prefixes, when a method
    /// provides them, extend every self-attention layer's keys.
    /// </summary>
    public EncoderOutput Encode(EncoderInput input)
    {
        using var scope = NewDisposeScope();
        using var conditioning = Adaptation.Enter(input.Conditioning);
        var embeddings = input.InputEmbeddings ?? shared.call(input.InputIds ?? throw new ArgumentException("EncoderInput needs InputIds or InputEmbeddings."));
        var mask = input.AttentionMask;
        long rows = embeddings.shape[0];
        if (Adaptation.Prompt(embeddings, mask) is { } prompt)
        {
            RequireUnpacked(input.SegmentIds ?? input.Positions, "soft prompts");
            embeddings = cat([prompt, embeddings], 1); // (B, P+S, d)
            mask = mask is null ? null : cat([ones(rows, prompt.shape[1], dtype: mask.dtype, device: mask.device), mask], 1);
        }
        var createdMask = !ReferenceEquals(mask, input.AttentionMask); // ours to move out; the caller's stays where it lives
        long s = embeddings.shape[1];
        var prefixes = Adaptation.Prefixes(AttentionSite.EncoderSelf, rows, encoder.Depth);
        long p = prefixes?[0].Length ?? 0;
        if (p > 0) RequireUnpacked(input.SegmentIds ?? input.Positions, "attention prefixes");
        var device = embeddings.device;
        var relative = input.Positions is null
            ? Relative(KeptScalars.Range(p, p + s, device), KeptScalars.Range(0, p + s, device))
            : input.Positions.unsqueeze(1).sub(input.Positions.unsqueeze(2)); // (B, S, S): key - query
        Tensor? selfMask = input.SegmentIds is not null ? AttentionMasks.SameSegment(input.SegmentIds, input.SegmentIds)
            : mask is not null ? AttentionMasks.FromPadding(mask) : null;
        var h = encoder.call(new T5StackInput(embeddings, relative, selfMask, HiddenStates: input.HiddenStates, SelfPrefixes: prefixes));
        if (createdMask) mask?.MoveToOuterDisposeScope();
        return new EncoderOutput(ScopeEscape.WithStates(h, input.HiddenStates), mask);
    }

    /// <summary>Decoder output (B, T, d_model) after the final norm, before the LM head.</summary>
    public Tensor DecoderHidden(DecoderInput d)
    {
        using var scope = NewDisposeScope();
        using var conditioning = Adaptation.Enter(d.Conditioning);
        var ids = d.DecoderInputIds;
        long rows = ids.shape[0], t = ids.shape[1], past = d.Cache?.PastLength ?? 0;
        var device = ids.device;
        var selfPrefixes = Adaptation.Prefixes(AttentionSite.DecoderSelf, rows, decoder.Depth);
        var crossPrefixes = Adaptation.Prefixes(AttentionSite.DecoderCross, rows, decoder.Depth);
        long p = selfPrefixes?[0].Length ?? 0;
        if (selfPrefixes is not null || crossPrefixes is not null) RequireUnpacked(d.DecoderSegmentIds ?? d.DecoderPositions, "attention prefixes");
        // Prefix keys take positions 0..P-1 and the decoded tokens follow (Hugging Face's past_key_values convention).
        var relative = d.DecoderPositions is null
            ? Relative(KeptScalars.Range(p + past, p + past + t, device), KeptScalars.Range(0, p + past + t, device))
            : d.DecoderPositions.unsqueeze(1).sub(d.DecoderPositions.unsqueeze(2));
        var selfMask = AttentionMasks.Causal(t, past, device);
        Tensor? crossMask = null;
        if (d.DecoderSegmentIds is not null)
        {
            selfMask = selfMask.logical_and(AttentionMasks.SameSegment(d.DecoderSegmentIds, d.DecoderSegmentIds));
            if (d.EncoderSegmentIds is not null) crossMask = AttentionMasks.SameSegment(d.DecoderSegmentIds, d.EncoderSegmentIds);
        }
        if (crossMask is null && d.EncoderAttentionMask is not null) crossMask = AttentionMasks.FromPadding(d.EncoderAttentionMask);
        var h = decoder.call(new T5StackInput(shared.call(ids), relative, selfMask, d.EncoderHidden, crossMask, d.Cache, d.HiddenStates,
            selfPrefixes, crossPrefixes));
        return ScopeEscape.WithStates(h, d.HiddenStates);
    }

    /// <summary>Logits (…, V) in fp32 from decoder output; tied heads rescale by d_model**-0.5 first, as in Mesh TensorFlow.</summary>
    public Tensor LmHead(Tensor decoderHidden)
    {
        using var scope = NewDisposeScope();
        var logits = lm_head is not null
            ? lm_head.call(decoderHidden)
            : nn.functional.linear(decoderHidden.Times(Math.Pow(Config.DModel, -0.5)), shared.weight!);
        return logits.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>A fresh cache for incremental decoding with this model's decoder depth.</summary>
    public KvCache NewCache() => new(decoder.Depth, crossAttention: true);

    /// <summary>
    /// A cache whose cross-attention layers already hold the keys and values of <paramref name="encoded"/> (one row per
    /// encoder row), so that scoring several targets per input projects the encoder output once per input, not once
    /// per target: <see cref="KvCache.Select"/> then gives each target its input's keys and values.
    /// </summary>
    public KvCache CrossAttentionCache(EncoderOutput encoded, Conditioning? conditioning = null)
    {
        using var scope = NewDisposeScope();
        using var entered = Adaptation.Enter(conditioning);
        var cache = NewCache();
        var blocks = decoder.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            var (key, value) = blocks[i].CrossAttention!.ProjectKeysValues(encoded.Hidden);
            cache.Cross![i].Set(key, value);
        }
        return cache;
    }

    static Tensor Relative(Tensor queryPositions, Tensor keyPositions) =>
        keyPositions.unsqueeze(0).sub(queryPositions.unsqueeze(1)); // (T, S)

    static void RequireUnpacked(Tensor? packing, string what)
    {
        if (packing is not null)
            throw new NotSupportedException($"{what} need unpacked batches: packed rows hold several examples, each of which would need its own. Set data.pack: false.");
    }
}
