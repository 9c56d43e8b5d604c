using T0Sharp.Models;
using T0Sharp.Models.Bloom;
using T0Sharp.Models.T5;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods;

/// <summary>The sizes prompt-learning methods need, read from the model's config (T5 family or BLOOM).</summary>
internal sealed record ModelShape(string ModelType, int EmbeddingDim, int Heads, int HeadDim, int EncoderLayers, int DecoderLayers)
{
    /// <summary>Width of all heads' keys together (T5: d_kv · heads, which may differ from d_model).</summary>
    public int AttentionWidth => Heads * HeadDim;

    public static ModelShape Of(ILanguageModel model) => model.Config switch
    {
        T5Config c => new(c.ModelType, c.DModel, c.NumHeads, c.DKv, c.NumLayers, c.DecoderLayers),
        BloomConfig c => new(c.ModelType, c.HiddenSize, c.NHead, c.HeadDim, 0, c.NLayer),
        _ => throw new NotSupportedException($"prompt learning does not know the {model.Config.ModelType} architecture"),
    };

    /// <summary>The input token embedding (V, d) that prompts are initialised from: a new handle, which the caller disposes.</summary>
    public static Tensor Embeddings(ILanguageModel model) => model switch
    {
        T5ForConditionalGeneration t5 => t5.EmbeddingMatrix,
        BloomForCausalLM bloom => bloom.EmbeddingMatrix,
        _ => throw new NotSupportedException($"prompt learning does not know the {model.Config.ModelType} architecture"),
    };
}
