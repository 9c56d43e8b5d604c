using T0Sharp.Models;

namespace T0Sharp.Demo;

/// <summary>The demo's model: a small T5 v1.1-style encoder-decoder (gated-GELU, untied head) trained from scratch.</summary>
public static class DemoModel
{
    public static T5Config Config(DemoOptions o, int vocabSize) => new()
    {
        VocabSize = (vocabSize + 7) / 8 * 8,
        DModel = o.DModel, DKv = o.DKv, DFf = o.DFf, NumHeads = o.NumHeads,
        NumLayers = o.NumLayers, NumDecoderLayers = o.NumLayers,
        RelativeAttentionNumBuckets = 32, RelativeAttentionMaxDistance = 128,
        FeedForwardProj = "gated-gelu", DenseActFn = "gelu_new", IsGatedAct = true,
        TieWordEmbeddings = false, DropoutRate = o.PretrainDropout,
    };

    /// <summary>A freshly initialised model; the same seed gives the same weights for every condition.</summary>
    public static ILanguageModel Create(DemoOptions o, int vocabSize) =>
        PretrainedModel.Create(Config(o, vocabSize), seed: o.Seed);

    /// <summary>
    /// The pretrained checkpoint in <paramref name="dir"/>, rebuilt with the multitask stage's dropout rate when it
    /// differs from the one pretraining used (dropout is fixed at module construction, so the weights are copied in).
    /// </summary>
    public static ILanguageModel LoadForMultitask(string dir, DemoOptions o)
    {
        var loaded = PretrainedModel.Load(dir);
        if (loaded.Config is not T5Config t5 || t5.DropoutRate == o.MultitaskDropout) return loaded;
        using (loaded)
        {
            var model = PretrainedModel.Create(t5 with { DropoutRate = o.MultitaskDropout }, seed: o.Seed);
            T0Sharp.Training.Loop.LanguageModelAdapter.CopyParameters(loaded.Module, model.Module, dir);
            return model;
        }
    }
}
