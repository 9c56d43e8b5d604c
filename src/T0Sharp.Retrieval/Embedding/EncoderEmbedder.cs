using T0Sharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Retrieval.Embedding;

/// <summary>
/// DEFT's text representation (allenai/data-efficient-finetuning scripts/index_p3_train_reps.py): the encoder's last
/// hidden layer (after the final norm), mean-pooled over the attention mask: <c>Σ_t h_t m_t / Σ_t m_t</c>. Inputs are
/// token ids as the model reads them; batches are right-padded with the pad id and masked, so a text's embedding does
/// not depend on what it is batched with. Uses the encoder-decoder contract's public <see cref="IEncoderDecoderLM.Encode"/>
/// (a soft prompt that an adapted model prepends is part of the mean, over the mask the encoder returns).
/// </summary>
public sealed class EncoderEmbedder
{
    readonly IEncoderDecoderLM _model;

    public EncoderEmbedder(ILanguageModel model)
    {
        _model = model as IEncoderDecoderLM
            ?? throw new NotSupportedException($"retrieval embeds with an encoder: needs an encoder-decoder (T5-family) model, not {model.Config.ModelType}");
        Dimension = model.Config is T5Config t5 ? t5.DModel
            : throw new NotSupportedException($"retrieval: unknown encoder width for model type {model.Config.ModelType}");
    }

    /// <summary>Embedding width (d_model).</summary>
    public int Dimension { get; }

    /// <summary>Padded ids per batch are at most this many (batches are cut by token budget, not only by count).</summary>
    public int MaxBatchTokens { get; init; } = 16_384;

    /// <summary>One d_model vector per sequence, in input order.</summary>
    public float[][] Embed(IReadOnlyList<int[]> sequences)
    {
        var result = new float[sequences.Count][];
        _model.Module.eval();
        using var _ = no_grad();
        // Sort by length so padding stays small; the output order is restored by index.
        var order = Enumerable.Range(0, sequences.Count).OrderBy(i => sequences[i].Length).ToArray();
        int start = 0;
        while (start < order.Length)
        {
            int end = start, longest = 0;
            while (end < order.Length)
            {
                int len = Math.Max(1, sequences[order[end]].Length);
                if (end > start && Math.Max(longest, len) * (end - start + 1) > MaxBatchTokens) break;
                longest = Math.Max(longest, len);
                end++;
            }
            var batch = order[start..end];
            var vectors = EmbedBatch(batch.Select(i => sequences[i]).ToList(), longest);
            for (int b = 0; b < batch.Length; b++) result[batch[b]] = vectors[b];
            start = end;
        }
        return result;
    }

    float[][] EmbedBatch(IReadOnlyList<int[]> batch, int length)
    {
        using var scope = NewDisposeScope();
        long pad = _model.PadTokenId;
        var ids = new long[batch.Count * length];
        var mask = new long[batch.Count * length];
        Array.Fill(ids, pad);
        for (int b = 0; b < batch.Count; b++)
            for (int t = 0; t < batch[b].Length; t++) { ids[b * length + t] = batch[b][t]; mask[b * length + t] = 1; }
        var device = _model.Device;
        var idsT = tensor(ids, [batch.Count, length], device: device);
        var maskT = tensor(mask, [batch.Count, length], device: device);
        var encoded = _model.Encode(new EncoderInput(idsT, maskT));
        var hidden = encoded.Hidden.to(ScalarType.Float32);                              // (B, S', D)
        var m = (encoded.Mask ?? maskT).unsqueeze(-1).to(ScalarType.Float32);            // (B, S', 1)
        var pooled = hidden.mul(m).sum(1).div(m.sum(1).clamp_min(1)).cpu();             // (B, D)
        var flat = pooled.data<float>().ToArray();
        var result = new float[batch.Count][];
        for (int b = 0; b < batch.Count; b++) result[b] = flat.AsSpan(b * Dimension, Dimension).ToArray();
        return result;
    }
}
