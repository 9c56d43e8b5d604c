// T5 family encoder-decoder (T5 v1.0, T5 v1.1, T0, Flan-T5, mT5, mT0), numerically as Hugging Face transformers.
// How it departs from the textbook Transformer (Vaswani et al.):
//  - RMS layer norm without mean or bias, applied before each sub-layer (pre-norm), plus a final norm per stack.
//  - No absolute positions: a learned bias per head over log-spaced relative-position buckets (bidirectional in the
//    encoder, causal in the decoder), computed by the first layer of each stack and shared by all layers.
//  - Unscaled dot-product attention; no biases anywhere.
//  - Feed-forward: ReLU (v1.0) or gated-GELU with the tanh approximation (v1.1, T0, mT5).
//  - One embedding matrix shared by encoder and decoder; v1.0 ties it to the LM head and rescales the decoder output by
//    d_model**-0.5 first, v1.1 has a separate untied lm_head.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

/// <summary>Decoder call for <see cref="T5ForConditionalGeneration.DecoderHidden"/>.</summary>
/// <param name="EncoderAttentionMask">(B, S) 1/0 padding mask of the encoder input, or null.</param>
/// <param name="Cache">Generation cache: positions already decoded are taken from it and the new ones appended.</param>
public sealed record T5DecoderInput(Tensor DecoderInputIds, Tensor EncoderHidden, Tensor? EncoderAttentionMask = null,
    KvCache? Cache = null, Tensor? DecoderSegmentIds = null, Tensor? EncoderSegmentIds = null, Tensor? DecoderPositions = null,
    IList<Tensor>? HiddenStates = null);

public sealed class T5ForConditionalGeneration : nn.Module<ModelBatch, Tensor>, ILanguageModel
{
    readonly Embedding shared;
    readonly T5Stack encoder, decoder;
    readonly Linear? lm_head; // absent when tied: the head is shared.weight

    public T5ForConditionalGeneration(T5Config config) : base(nameof(T5ForConditionalGeneration))
    {
        Config = config;
        shared = nn.Embedding(config.VocabSize, config.DModel);
        encoder = new T5Stack(config, isDecoder: false);
        decoder = new T5Stack(config, isDecoder: true);
        if (!config.TieWordEmbeddings) lm_head = nn.Linear(config.DModel, config.VocabSize, hasBias: false);
        RegisterComponents();
    }

    public T5Config Config { get; }
    ModelConfig ILanguageModel.Config => Config;
    public bool IsEncoderDecoder => true;
    public nn.Module Module => this;
    public Device Device => shared.weight!.device;
    public ScalarType ComputeDtype => shared.weight!.dtype;
    public int DecoderDepth => decoder.Depth;

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
        var encoded = Encode(batch.InputIds, batch.AttentionMask, batch.InputSegmentIds, batch.InputPositions);
        var hidden = DecoderHidden(new T5DecoderInput(batch.DecoderInputIds, encoded, batch.AttentionMask, null,
            batch.DecoderSegmentIds, batch.InputSegmentIds, batch.DecoderPositions));
        return LmHead(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>Encoder output (B, S, d_model) after the final norm.</summary>
    public Tensor Encode(Tensor inputIds, Tensor? attentionMask = null, Tensor? segmentIds = null, Tensor? positions = null,
        IList<Tensor>? hiddenStates = null)
    {
        using var scope = NewDisposeScope();
        long s = inputIds.shape[1];
        var relative = positions is null
            ? Relative(arange(s, device: inputIds.device), arange(s, device: inputIds.device))
            : positions.unsqueeze(1).sub(positions.unsqueeze(2)); // (B, S, S): key - query
        Tensor? mask = segmentIds is not null ? AttentionMasks.SameSegment(segmentIds, segmentIds)
            : attentionMask is not null ? AttentionMasks.FromPadding(attentionMask) : null;
        var h = encoder.call(new T5StackInput(shared.call(inputIds), relative, mask, HiddenStates: hiddenStates));
        return ScopeEscape.WithStates(h, hiddenStates);
    }

    /// <summary>Decoder output (B, T, d_model) after the final norm, before the LM head.</summary>
    public Tensor DecoderHidden(T5DecoderInput d)
    {
        using var scope = NewDisposeScope();
        var ids = d.DecoderInputIds;
        long t = ids.shape[1], past = d.Cache?.PastLength ?? 0;
        var device = ids.device;
        var relative = d.DecoderPositions is null
            ? Relative(arange(past, past + t, device: device), arange(0, past + t, device: device))
            : d.DecoderPositions.unsqueeze(1).sub(d.DecoderPositions.unsqueeze(2));
        var selfMask = AttentionMasks.Causal(t, past, device);
        Tensor? crossMask = null;
        if (d.DecoderSegmentIds is not null)
        {
            selfMask = selfMask.logical_and(AttentionMasks.SameSegment(d.DecoderSegmentIds, d.DecoderSegmentIds));
            if (d.EncoderSegmentIds is not null) crossMask = AttentionMasks.SameSegment(d.DecoderSegmentIds, d.EncoderSegmentIds);
        }
        if (crossMask is null && d.EncoderAttentionMask is not null) crossMask = AttentionMasks.FromPadding(d.EncoderAttentionMask);
        var h = decoder.call(new T5StackInput(shared.call(ids), relative, selfMask, d.EncoderHidden, crossMask, d.Cache, d.HiddenStates));
        return ScopeEscape.WithStates(h, d.HiddenStates);
    }

    /// <summary>Logits (…, V) in fp32 from decoder output; tied heads rescale by d_model**-0.5 first, as in Mesh TensorFlow.</summary>
    public Tensor LmHead(Tensor decoderHidden)
    {
        using var scope = NewDisposeScope();
        var logits = lm_head is not null
            ? lm_head.call(decoderHidden)
            : nn.functional.linear(decoderHidden.mul(Math.Pow(Config.DModel, -0.5)), shared.weight!);
        return logits.to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>A fresh cache for incremental decoding with this model's decoder depth.</summary>
    public KvCache NewCache() => new(decoder.Depth, crossAttention: true);

    static Tensor Relative(Tensor queryPositions, Tensor keyPositions) =>
        keyPositions.unsqueeze(0).sub(queryPositions.unsqueeze(1)); // (T, S)
}
