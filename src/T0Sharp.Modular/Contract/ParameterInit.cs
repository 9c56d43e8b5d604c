using T0Sharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Contract;

/// <summary>Seeded initial values for modular methods' tensors (fp32, CPU; the method moves them to the model's device).</summary>
public static class ParameterInit
{
    /// <summary>U(-1/√fanIn, 1/√fanIn): torch's nn.Linear default (kaiming-uniform with a=√5) for a (out, in) weight.</summary>
    public static Tensor LinearWeight(long outFeatures, long inFeatures, torch.Generator g)
    {
        var bound = 1.0 / Math.Sqrt(inFeatures);
        return empty(outFeatures, inFeatures).uniform_(-bound, bound, g);
    }

    public static Tensor Normal(long[] shape, double std, torch.Generator g) => empty(shape).normal_(0, std, g);

    /// <summary>(count, d) rows of the model's input embedding at token ids drawn uniformly from [lowId, vocab) (prompt tuning's vocabulary init).</summary>
    public static Tensor FromVocabulary(ILanguageModel model, long count, torch.Generator g, int lowId = 3)
    {
        using var embeddings = ModelDims.Embeddings(model);
        var high = Math.Min(embeddings.shape[0], model.Config.VocabSize);
        using var ids = randint(lowId, high, [count], generator: g).to(ScalarType.Int64);
        using var _ = no_grad();
        return embeddings.index_select(0, ids.to(embeddings.device)).to(ScalarType.Float32).cpu();
    }

    /// <summary>A trainable parameter holding <paramref name="value"/> on <paramref name="device"/>.</summary>
    public static TorchSharp.Modules.Parameter Trainable(Tensor value, Device device, bool requiresGrad = true) =>
        new(value.to(device).detach(), requiresGrad);
}
