using T0Sharp.Core;
using T0Sharp.Data.Features;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Tests.Support;
using Xunit;

namespace T0Sharp.Training.Tests;

/// <summary>The training streams resume at exactly the batch an uninterrupted stream would produce next.</summary>
public class DataStreamTests
{
    sealed class FieldTemplate(string name) : ITaskTemplate
    {
        public string Name => name;
        public string? Id => name;
        public bool OriginalTask => true;
        public TemplateOutput Apply(IReadOnlyDictionary<string, object?> example, long seed) =>
            new([$"{name}: {example["text"]}", (string)example["label"]!], ["yes", "no"]);
    }

    static ITokenizer T5Tokenizer() => TokenizerLoader.Load(Path.Combine(BuiltInAssets.Directory, "tokenizers", "t5"));

    [Fact]
    public void Mixture_stream_resumes_from_its_cursor_exactly()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        foreach (var ds in new[] { "alpha", "beta" })
        {
            Directory.CreateDirectory(Path.Combine(dir.Path, ds));
            File.WriteAllLines(Path.Combine(dir.Path, ds, "train.jsonl"), Enumerable.Range(0, 40)
                .Select(i => $"{{\"text\": \"{ds} example number {i} with some words\", \"label\": \"{(i % 3 == 0 ? "yes" : "no")}\"}}"));
        }
        var data = new DatasetDirectory(dir.Path);
        var mixture = new Mixture("mix", [
            new MixtureComponent(new PromptTask("alpha", null, "train", new FieldTemplate("a")), 2),
            new MixtureComponent(new PromptTask("beta", null, "train", new FieldTemplate("b")), 1)]);
        var tokenizer = T5Tokenizer();
        var features = new FeatureConverterOptions(new FeatureLengths(32, 4));
        MixtureBatches<EncDecBatch> Open(MixtureCursor? c, int rows) => MixtureBatches<EncDecBatch>.EncoderDecoder(
            c is null ? new MixtureStream(mixture, data, seed: 5) : MixtureStream.Restore(mixture, data, c), tokenizer, features, rows);

        using var straight = MixtureTrainingStream.EncoderDecoder(Open);
        var expected = Enumerable.Range(0, 6).Select(_ => straight.Next(3)).ToList();

        using var first = MixtureTrainingStream.EncoderDecoder(Open);
        for (var i = 0; i < 3; i++) first.Next(3);
        var state = first.SaveState();
        using var resumed = MixtureTrainingStream.EncoderDecoder(Open);
        resumed.RestoreState(state);
        for (var i = 3; i < 6; i++)
        {
            var b = resumed.Next(3);
            Assert.Equal(expected[i].EncoderInputTokens, b.EncoderInputTokens);
            Assert.Equal(expected[i].DecoderTargetTokens, b.DecoderTargetTokens);
            Assert.Equal(expected[i].DecoderSegmentIds, b.DecoderSegmentIds);
        }
        Assert.True(expected[0].EncoderSegmentIds!.Max() > 1, "examples are packed");
    }

    [Fact]
    public void Example_list_stream_resumes_across_epochs()
    {
        var examples = Enumerable.Range(0, 7).Select(i => new TokenizedExample([10 + i, 1], [20 + i, 1])).ToList();
        var features = new FeatureConverterOptions(new FeatureLengths(6, 4));
        var straight = new ExampleListStream(examples, features, seed: 3);
        var expected = Enumerable.Range(0, 8).Select(_ => straight.Next(2)).ToList();
        var s = new ExampleListStream(examples, features, seed: 3);
        for (var i = 0; i < 5; i++) s.Next(2);
        var resumed = new ExampleListStream(examples, features, seed: 3);
        resumed.RestoreState(s.SaveState());
        for (var i = 5; i < 8; i++) Assert.Equal(expected[i].EncoderInputTokens, resumed.Next(2).EncoderInputTokens);
        Assert.True(straight.Epoch >= 1, "the test crosses an epoch boundary");
        Assert.Throws<InvalidOperationException>(() => new ExampleListStream(examples.Take(3).ToList(), features).RestoreState(s.SaveState()));
    }

    [Fact]
    public void Validation_turns_dropout_off_and_restores_training_mode()
    {
        using var model = new TinyCopyModel(dropout: 0.5);
        var set = new ValidationSet([new CopyTaskStream(seed: 4).Next(8)], CopyTaskStream.RankItems(6));
        model.Module.train();
        var v = new Validator(model);
        var a = v.Run(set);
        var b = v.Run(set);
        Assert.Equal(a.Loss, b.Loss);          // no dropout noise in evaluation
        Assert.True(model.Module.training);    // back in training mode
        Assert.NotNull(a.Accuracy);
    }
}
