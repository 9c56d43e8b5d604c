using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>A decoder-only forward call. Give <see cref="InputIds"/> or <see cref="InputEmbeddings"/> (B, T, hidden).</summary>
/// <param name="AttentionMask">(B, past + T) 1/0 mask over the caller's cached and new positions (soft-prompt and
/// prefix positions are the model's business and never appear here); null = all ones.</param>
/// <param name="SegmentIds">Packed rows: (B, T) segment ids (no cache); examples never attend to each other.</param>
public sealed record CausalInput(Tensor? InputIds, Tensor? AttentionMask = null, KvCache? Cache = null,
    Tensor? SegmentIds = null, Tensor? Positions = null, IList<Tensor>? HiddenStates = null,
    Conditioning? Conditioning = null, Tensor? InputEmbeddings = null);

/// <summary>
/// A decoder-only language model (BLOOM, BLOOMZ and adapted versions): forward with an optional KV cache; logits
/// cover exactly the caller's positions. Inference and scoring use only this.
/// </summary>
public interface ICausalLM : ILanguageModel
{
    long PadTokenId { get; }

    /// <summary>Logits (B, T, V) in fp32 for the call's T new positions.</summary>
    Tensor ForwardLogits(CausalInput input);

    /// <summary>Hidden states (B, T, hidden) after the final norm for the call's T new positions.</summary>
    Tensor Hidden(CausalInput input);

    /// <summary>A fresh cache for incremental decoding.</summary>
    KvCache NewCache();
}
