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
        TieWordEmbeddings = false, DropoutRate = 0.1,
    };

    /// <summary>A freshly initialised model; the same seed gives the same weights for every condition.</summary>
    public static ILanguageModel Create(DemoOptions o, int vocabSize) =>
        PretrainedModel.Create(Config(o, vocabSize), seed: o.Seed);
}
