using T0Sharp.Models;
using T0Sharp.Models.Bloom;
using T0Sharp.Models.T5;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Contract;

/// <summary>
/// The sizes a modular method needs from its host model: embedding width, heads and head width (T5: d_kv, which may
/// differ from d_model / heads), layers per stack (BLOOM: decoder only).
/// </summary>
public sealed record ModelDims(string ModelType, int DModel, int Heads, int HeadDim, int EncoderLayers, int DecoderLayers)
{
    public static ModelDims Of(ILanguageModel model) => model.Config switch
    {
        T5Config c => new(c.ModelType, c.DModel, c.NumHeads, c.DKv, c.NumLayers, c.DecoderLayers),
        BloomConfig c => new(c.ModelType, c.HiddenSize, c.NHead, c.HeadDim, 0, c.NLayer),
        _ => throw new NotSupportedException($"modular methods do not know the {model.Config.ModelType} architecture"),
    };

    /// <summary>Layers of the stack an attention site belongs to.</summary>
    public int LayersAt(Models.Adaptation.AttentionSite site) => site == Models.Adaptation.AttentionSite.EncoderSelf ? EncoderLayers : DecoderLayers;

    /// <summary>The input token embedding (V, d): a new handle, which the caller disposes.</summary>
    public static Tensor Embeddings(ILanguageModel model) => model switch
    {
        T5ForConditionalGeneration t5 => t5.EmbeddingMatrix,
        BloomForCausalLM bloom => bloom.EmbeddingMatrix,
        _ => throw new NotSupportedException($"modular methods do not know the {model.Config.ModelType} architecture"),
    };
}
