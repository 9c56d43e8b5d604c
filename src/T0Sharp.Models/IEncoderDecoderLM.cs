using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>An encoder call. Give <see cref="InputIds"/> or <see cref="InputEmbeddings"/> (B, S, d_model).</summary>
/// <param name="AttentionMask">(B, S) 1/0 padding mask, or null when every position is real.</param>
/// <param name="HiddenStates">When given, receives Hugging Face's hidden_states (embeddings, each block but the last, final norm).</param>
public sealed record EncoderInput(Tensor? InputIds, Tensor? AttentionMask = null, Tensor? SegmentIds = null,
    Tensor? Positions = null, Conditioning? Conditioning = null, Tensor? InputEmbeddings = null, IList<Tensor>? HiddenStates = null);

/// <summary>
/// Encoder output (B, S', d_model) after the final norm, and the mask (B, S') over its positions: S' = P + S when a
/// soft prompt of P vectors was prepended. Pass both to the decoder (cross-attention must see the prompt positions).
/// </summary>
public sealed record EncoderOutput(Tensor Hidden, Tensor? Mask)
{
    /// <summary>Rows <paramref name="rows"/> (int64) of the output, in that order (one decoder row per answer choice, beams).</summary>
    public EncoderOutput Select(Tensor rows) => new(Hidden.index_select(0, rows), Mask?.index_select(0, rows));

    /// <summary>Moves both tensors out of the current dispose scope.</summary>
    public EncoderOutput MoveToOuterDisposeScope() => new(Hidden.MoveToOuterDisposeScope(), Mask?.MoveToOuterDisposeScope());

    /// <summary>Detaches both tensors from every dispose scope (the caller owns them).</summary>
    public EncoderOutput DetachFromDisposeScope() => new(Hidden.DetachFromDisposeScope(), Mask?.DetachFromDisposeScope());
}

/// <summary>A decoder call.</summary>
/// <param name="EncoderAttentionMask">(B, S') mask of <paramref name="EncoderHidden"/> (<see cref="EncoderOutput.Mask"/>), or null.</param>
/// <param name="Cache">Generation cache: positions already decoded are taken from it and the new ones appended.</param>
public sealed record DecoderInput(Tensor DecoderInputIds, Tensor EncoderHidden, Tensor? EncoderAttentionMask = null,
    KvCache? Cache = null, Tensor? DecoderSegmentIds = null, Tensor? EncoderSegmentIds = null, Tensor? DecoderPositions = null,
    IList<Tensor>? HiddenStates = null, Conditioning? Conditioning = null)
{
    public DecoderInput(Tensor decoderInputIds, EncoderOutput encoded, KvCache? cache = null, Conditioning? conditioning = null)
        : this(decoderInputIds, encoded.Hidden, encoded.Mask, cache, Conditioning: conditioning) { }
}

/// <summary>
/// An encoder-decoder language model (T5, T0, mT5, Flan-T5 and adapted versions of them): encode once, decode
/// incrementally with a KV cache, project to the vocabulary. Inference and scoring use only this.
/// </summary>
public interface IEncoderDecoderLM : ILanguageModel
{
    long PadTokenId { get; }
    long DecoderStartTokenId { get; }

    EncoderOutput Encode(EncoderInput input);

    /// <summary>Decoder output (B, T, d_model) after the final norm, before the LM head.</summary>
    Tensor DecoderHidden(DecoderInput input);

    /// <summary>Logits (…, V) in fp32 from decoder output.</summary>
    Tensor LmHead(Tensor decoderHidden);

    /// <summary>A fresh cache for incremental decoding.</summary>
    KvCache NewCache();

    /// <summary>A cache whose cross-attention keys/values hold <paramref name="encoded"/>'s (rows as the encoder's); self-attention empty.</summary>
    KvCache CrossAttentionCache(EncoderOutput encoded, Conditioning? conditioning = null);
}
