using static TorchSharp.torch;

namespace T0Sharp.Models.Adaptation;

/// <summary>The attention sub-layers a prefix can extend. Decoder-only models have <see cref="DecoderSelf"/> only.</summary>
public enum AttentionSite { EncoderSelf, DecoderSelf, DecoderCross }

/// <summary>
/// Keys and values prepended to one attention layer's own, each (B, H, P, Dh) in the model's compute dtype. Prefix
/// positions are always visible (never masked); for position-dependent attention they occupy positions 0..P-1 and the
/// real tokens follow (Hugging Face's past_key_values convention, which PEFT's prefix tuning relies on).
/// <paramref name="Mask"/> (B, P) 1/0 or bool hides padded prefix positions (HINT's fused instruction, whose rows have
/// different lengths); null means every prefix position is visible. Only T5 attention honours masks (BLOOM refuses them).
/// </summary>
public sealed record AttentionPrefix(Tensor Key, Tensor Value, Tensor? Mask = null)
{
    public long Length => Key.shape[2];

    /// <summary>The prefix of several providers side by side (along P), in provider order.</summary>
    public static AttentionPrefix Concat(IReadOnlyList<AttentionPrefix> parts)
    {
        if (parts.Count == 1) return parts[0];
        Tensor? mask = null;
        if (parts.Any(p => p.Mask is not null))
            mask = cat(parts.Select(p => p.Mask?.to(ScalarType.Bool)
                ?? ones(p.Key.shape[0], p.Length, dtype: ScalarType.Bool, device: p.Key.device)).ToArray(), 1); // (B, ΣP)
        return new(cat(parts.Select(p => p.Key).ToArray(), 2), cat(parts.Select(p => p.Value).ToArray(), 2), mask);
    }
}

/// <summary>What a soft-prompt provider is given: the rows of the call, their token embeddings and mask, and conditioning.</summary>
/// <param name="InputEmbeddings">(B, S, d) token embeddings of the real input (ATTEMPT pools them).</param>
/// <param name="InputMask">(B, S) 1/0 mask of the real input, or null when every position is real.</param>
public sealed record PromptRequest(long Rows, Tensor InputEmbeddings, Tensor? InputMask, Conditioning? Conditioning);

/// <summary>
/// Produces soft prompts (B, P, d_model) that the model prepends to the input embeddings (the encoder input of an
/// encoder-decoder model, the input of a decoder-only model) and marks visible in the attention mask. Prompt tuning,
/// ATTEMPT and SPT implement it.
/// </summary>
public interface IPromptProvider
{
    Tensor Prompt(PromptRequest request);
}

/// <summary>
/// Produces per-layer prefix keys and values for one attention site: one <see cref="AttentionPrefix"/> per layer of
/// that stack, or null when the provider does not touch the site. Prefix tuning, HyperPrompt and HINT implement it.
/// </summary>
public interface IPrefixProvider
{
    IReadOnlyList<AttentionPrefix>? Prefixes(AttentionSite site, long rows, Conditioning? conditioning);
}
