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

    /// <summary>A freshly initialised model with the given dropout rate (pretraining's by default); the same seed gives
    /// the same weights for every condition.</summary>
    public static ILanguageModel Create(DemoOptions o, int vocabSize, double? dropout = null) =>
        PretrainedModel.Create(Config(o, vocabSize) with { DropoutRate = dropout ?? o.PretrainDropout }, seed: o.Seed);

    /// <summary>The pretrained checkpoint in <paramref name="dir"/> with the multitask stages' dropout rate.</summary>
    public static ILanguageModel LoadForMultitask(string dir, DemoOptions o) =>
        T0Sharp.Training.Setup.ModelSetup.LoadWithDropout(dir, o.MultitaskDropout, seed: o.Seed);
}
