using T0Sharp.Models.Adaptation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.T5;

/// <summary>Input of a T5 stack.</summary>
/// <param name="Embeddings">Input embeddings (B, T, d_model); the shared embedding lives in the parent model.</param>
/// <param name="RelativePosition">key - query positions over every key the queries see (prefix keys included),
/// (T, P+S) or per row (B, T, S) for packed inputs.</param>
/// <param name="SelfMask">Boolean may-attend mask broadcastable to (B, 1, T, S) over the real keys, or null for none;
/// prefix keys are always visible.</param>
/// <param name="HiddenStates">When given, receives Hugging Face's hidden_states: embeddings, each block's output
/// except the last, and the final normed output.</param>
/// <param name="SelfPrefixes">Per-block self-attention prefixes (all of one length P), or null.</param>
/// <param name="CrossPrefixes">Per-block cross-attention prefixes (decoder), or null.</param>
public sealed record T5StackInput(Tensor Embeddings, Tensor RelativePosition, Tensor? SelfMask,
    Tensor? EncoderHidden = null, Tensor? CrossMask = null, KvCache? Cache = null, IList<Tensor>? HiddenStates = null,
    IReadOnlyList<AttentionPrefix>? SelfPrefixes = null, IReadOnlyList<AttentionPrefix>? CrossPrefixes = null);

/// <summary>
/// Encoder or decoder stack: dropout(embeddings) → blocks → final RMS norm → dropout. The relative position bias is
/// computed once, by the first block's attention, and shared by every block together with the mask.
/// </summary>
public sealed class T5Stack : nn.Module<T5StackInput, Tensor>
{
    readonly ModuleList<T5Block> block;
    readonly T5LayerNorm final_layer_norm;
    readonly double dropout;

    public T5Stack(T5Config c, bool isDecoder) : base(nameof(T5Stack))
    {
        int n = isDecoder ? c.DecoderLayers : c.NumLayers;
        block = new ModuleList<T5Block>(Enumerable.Range(0, n).Select(i => new T5Block(c, isDecoder, hasRelativeAttentionBias: i == 0)).ToArray());
        final_layer_norm = new T5LayerNorm(c.DModel, c.LayerNormEpsilon);
        dropout = c.DropoutRate;
        RegisterComponents();
    }

    public int Depth => block.Count;

    public IReadOnlyList<T5Block> Blocks => block.ToList();

    public override Tensor forward(T5StackInput input)
    {
        var h = input.Embeddings;
        var dtype = h.dtype;
        var selfBias = block[0].SelfAttention.PositionBias(input.RelativePosition).to(dtype);
        var selfMask = WithVisiblePrefix(input.SelfMask, input.SelfPrefixes, input.RelativePosition.shape[^1] - (input.SelfPrefixes?[0].Length ?? 0));
        if (selfMask is not null) selfBias = selfBias.Plus(AttentionMasks.Additive(selfMask, dtype));
        var crossMask = WithVisiblePrefix(input.CrossMask, input.CrossPrefixes, input.EncoderHidden?.shape[1] ?? 0);
        var crossBias = crossMask is null ? null : AttentionMasks.Additive(crossMask, dtype);

        input.HiddenStates?.Add(h);
        h = nn.functional.dropout(h, dropout, training);
        for (int i = 0; i < block.Count; i++)
        {
            h = block[i].call(new T5BlockInput(h, selfBias, input.EncoderHidden, crossBias,
                input.Cache?.Self[i], input.Cache?.Cross?[i], input.SelfPrefixes?[i], input.CrossPrefixes?[i]));
            if (i < block.Count - 1) input.HiddenStates?.Add(h);
        }
        h = final_layer_norm.call(h);
        input.HiddenStates?.Add(h);
        return nn.functional.dropout(h, dropout, training);
    }

    /// <summary>
    /// The mask with the prefix keys' columns in front (visible, or as the prefix's own mask says), or null when there
    /// is neither a mask nor a masked prefix. Every layer's prefix has the same mask, so layer 0's is used.
    /// </summary>
    static Tensor? WithVisiblePrefix(Tensor? mask, IReadOnlyList<AttentionPrefix>? prefixes, long realKeys)
    {
        if (prefixes is null) return mask;
        var prefixMask = prefixes[0].Mask;
        if (mask is null && prefixMask is null) return null;
        var device = prefixes[0].Key.device;
        mask ??= ones([1, 1, 1, realKeys], ScalarType.Bool, device);
        if (prefixMask is null)
        {
            var shape = mask.shape.ToArray();
            shape[^1] = prefixes[0].Length;
            return cat([ones(shape, ScalarType.Bool, mask.device), mask], -1);
        }
        var p = prefixMask.to(ScalarType.Bool).unsqueeze(1).unsqueeze(1); // (B, 1, 1, P)
        long rows = Math.Max(p.shape[0], mask.shape[0]), queries = mask.shape[2];
        return cat([p.expand(rows, 1, queries, -1), mask.expand(rows, 1, queries, -1)], -1); // (B, 1, T, P+S)
    }
}
