// BLOOM / BLOOMZ decoder-only language model, numerically as Hugging Face transformers.
// How it departs from the textbook (GPT-style) Transformer:
//  - No position embeddings: ALiBi adds slope_h * key_position to the attention scores (slopes for any head count,
//    positions from the attention mask's cumulative sum so left padding works).
//  - A LayerNorm right after the word embeddings (word_embeddings_layernorm), and a final ln_f.
//  - query, key and value come from one fused projection laid out per head as (H, 3, Dh).
//  - Biases on every Linear and LayerNorm; tanh-approximated GELU; the LM head is the word embedding matrix.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.Bloom;

/// <summary>A BLOOM forward call.</summary>
/// <param name="AttentionMask">(B, past + T) 1/0 mask over cached and new positions; null = all ones.</param>
/// <param name="SegmentIds">Packed rows: (B, T) segment ids (no cache); examples never attend to each other.</param>
public sealed record BloomInput(Tensor InputIds, Tensor? AttentionMask = null, KvCache? Cache = null,
    Tensor? SegmentIds = null, Tensor? Positions = null, IList<Tensor>? HiddenStates = null);

/// <summary>The BLOOM trunk (Hugging Face BloomModel): embeddings, blocks, final LayerNorm.</summary>
public sealed class BloomModel : nn.Module<BloomInput, Tensor>
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

    /// <summary>Hidden states after ln_f, (B, T, hidden).</summary>
    public override Tensor forward(BloomInput input)
    {
        using var scope = NewDisposeScope();
        var ids = input.InputIds;
        long b = ids.shape[0], t = ids.shape[1], past = input.Cache?.PastLength ?? 0;
        var hidden = word_embeddings_layernorm.call(word_embeddings.call(ids));
        var mask = input.AttentionMask ?? ones(b, past + t, dtype: ScalarType.Int64, device: ids.device);
        if (mask.shape[1] != past + t) throw new ArgumentException($"AttentionMask covers {mask.shape[1]} positions; expected past ({past}) + new ({t}).");
        var alibi = Alibi.Build(mask, heads, hidden.dtype, input.Positions);
        var allowed = AttentionMasks.Causal(t, past, ids.device).logical_and(AttentionMasks.FromPadding(mask));
        if (input.SegmentIds is not null) allowed = allowed.logical_and(AttentionMasks.SameSegment(input.SegmentIds, input.SegmentIds));
        var masked = allowed.logical_not();

        input.HiddenStates?.Add(hidden);
        for (int i = 0; i < h.Count; i++)
        {
            hidden = h[i].call(new BloomLayerInput(hidden, alibi, masked, input.Cache?.Self[i]));
            if (i < h.Count - 1) input.HiddenStates?.Add(hidden);
        }
        hidden = ln_f.call(hidden);
        input.HiddenStates?.Add(hidden);
        return ScopeEscape.WithStates(hidden, input.HiddenStates);
    }
}

/// <summary>BLOOM with its (tied) LM head. State-dict keys carry Hugging Face's <c>transformer.</c> prefix.</summary>
public sealed class BloomForCausalLM : nn.Module<ModelBatch, Tensor>, ILanguageModel
{
    readonly BloomModel transformer;

    public BloomForCausalLM(BloomConfig config) : base(nameof(BloomForCausalLM))
    {
        Config = config;
        transformer = new BloomModel(config);
        RegisterComponents();
    }

    public BloomConfig Config { get; }
    ModelConfig ILanguageModel.Config => Config;
    public bool IsEncoderDecoder => false;
    public nn.Module Module => this;
    public Device Device => transformer.EmbeddingMatrix.device;
    public ScalarType ComputeDtype => transformer.EmbeddingMatrix.dtype;
    public BloomModel Transformer => transformer;

    public Tensor Logits(ModelBatch batch) => call(batch);

    public override Tensor forward(ModelBatch batch)
    {
        using var scope = NewDisposeScope();
        var hidden = transformer.call(new BloomInput(batch.InputIds, batch.AttentionMask, null, batch.InputSegmentIds, batch.InputPositions));
        return LmHead(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>Logits (B, T, V) in fp32 for a forward call (with or without cache).</summary>
    public Tensor ForwardLogits(BloomInput input)
    {
        using var scope = NewDisposeScope();
        return LmHead(transformer.call(input)).MoveToOuterDisposeScope();
    }

    public Tensor LmHead(Tensor hidden) => nn.functional.linear(hidden, transformer.EmbeddingMatrix).to(ScalarType.Float32);

    public KvCache NewCache() => new(transformer.Depth, crossAttention: false);
}
