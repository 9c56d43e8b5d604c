using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// A loaded or freshly created language model. Training, evaluation and the CLI see models only through this and
/// its two shapes, <see cref="IEncoderDecoderLM"/> (T5 family) and <see cref="ICausalLM"/> (BLOOM), which inference
/// (scoring, greedy/beam/sampling with KV caches) dispatches on.
/// </summary>
public interface ILanguageModel : IDisposable
{
    ModelConfig Config { get; }
    bool IsEncoderDecoder { get; }

    /// <summary>The TorchSharp module: parameters(), train()/eval(), state_dict() with Hugging Face key names.</summary>
    nn.Module Module { get; }

    /// <summary>Device the parameters live on.</summary>
    Device Device { get; }

    /// <summary>Dtype the model computes in (fp32 unless loaded with another compute dtype).</summary>
    ScalarType ComputeDtype { get; }

    /// <summary>Adapters, soft prompts, prefixes and the conditioning of the call in progress (empty for a plain model).</summary>
    ModelAdaptation Adaptation { get; }

    /// <summary>
    /// Teacher-forced logits (B, T, V) in fp32. Encoder-decoder: T = decoder length (DecoderInputIds required).
    /// Decoder-only: T = input length, logits[t] predicts token t+1 (soft-prompt positions are not included).
    /// </summary>
    Tensor Logits(ModelBatch batch);
}

/// <summary>
/// One model batch. Packed rows carry segment ids (0 = padding, 1.. = example) so that packed examples never attend
/// to each other (encoder self-attention, decoder causal self-attention, cross-attention), and per-segment positions
/// (null = 0..T-1) for relative position buckets / ALiBi. Unpacked padded batches use <see cref="AttentionMask"/>
/// (B, S): 1 = real token, 0 = padding. <see cref="Conditioning"/> carries per-row task ids, language ids and
/// instructions for task-conditioned adapters.
/// </summary>
public sealed record ModelBatch(Tensor InputIds, Tensor? DecoderInputIds = null,
    Tensor? InputSegmentIds = null, Tensor? DecoderSegmentIds = null,
    Tensor? InputPositions = null, Tensor? DecoderPositions = null,
    Tensor? AttentionMask = null, Conditioning? Conditioning = null);
