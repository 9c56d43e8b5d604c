using T0Sharp.Data.Tokenization.Extension;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using T0Sharp.Tests;
using Xunit.Abstractions;

namespace T0Sharp.Training.Tests.Pretraining;

/// <summary>
/// BLOOM+1 in miniature: the language-adaptation configs (configs/bloom-language-adapt*-tiny.yaml) on the tiny BLOOM
/// fixture and the Greek test corpus — embedding-only and new-rows-only continued pretraining after
/// <c>tokenizer extend</c>, and MAD-X / LoRA / (IA)^3 language adapters.
/// </summary>
public class LanguageAdaptationTests(ITestOutputHelper output)
{
    static string Bloom => TestPaths.TestData("models", "tiny-bloomz-bloom-bf16");
    static string Corpus(string split) => TestPaths.TestData("language-adaptation", "xquad-el", split + ".txt");

    /// <summary>The fixture with 150 Greek tokens appended (what <c>t0sharp tokenizer extend --strategy extend</c> writes).</summary>
    static string Extended(TempDir dir)
    {
        var folder = dir.File("bloom-el");
        var e = BpeTokenizerExtension.Build(TestPaths.TestData("tokenizers", "bloom-style-bpe", "tokenizer.json"),
            File.ReadAllLines(Corpus("train")), 150, VocabularyStrategy.Extend);
        EmbeddingResize.Write(Bloom, folder, e.RowSources, rows: null, seed: 0);
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), e.TokenizerJson);
        File.WriteAllText(Path.Combine(folder, "tokenizer_extension.json"), $$"""{"strategy": "extend", "old_vocab_size": {{e.OldVocabSize}}}""");
        return folder;
    }

    static TrainOptions Options(string config, TempDir dir, int steps, params string[] extra) => OptionsLoader.Load(TestPaths.RepoPath("configs", config),
    [
        "--run.output_dir=" + dir.File("run"), "--run.max_steps=" + steps, "--run.threads=2",
        "--data.text_files=" + Corpus("train"), "--data.validation_text_files=" + Corpus("validation"),
        "--eval.every_steps=0", "--eval.max_examples=8", "--logging.progress=none", "--logging.every_steps=1", "--checkpoint.every_steps=0",
        .. extra,
    ]);

    /// <summary>Trains; returns the step losses and the final checkpoint's folder.</summary>
    static (List<double> Losses, string Checkpoint) Train(TrainOptions o)
    {
        var losses = new List<double>();
        var result = TrainingSession.Run(o, observe: t => t.Event += e => { if (e is StepEvent s) losses.Add(s.Loss); });
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        return (losses, result.LastCheckpoint!);
    }

    static Dictionary<string, float[]> Weights(string dir)
    {
        using var c = CheckpointReader.Open(dir);
        // BloomModel key names (the fixture's) and BloomForCausalLM's ("transformer." first, what training saves) alike
        return c.Tensors.ToDictionary(t => t.Name.StartsWith("transformer.", StringComparison.Ordinal) ? t.Name["transformer.".Length..] : t.Name, t => { using var x = c.Load(t.Name); return x.data<float>().ToArray(); });
    }

    [Fact]
    public void Embedding_only_training_moves_the_embeddings_alone_and_lowers_the_loss()
    {
        using var dir = TestPaths.NewTempDir();
        var init = Extended(dir);
        var (losses, checkpoint) = Train(Options("bloom-language-adapt-tiny.yaml", dir, 12, "--model.init_from=" + init));
        var first = losses.Take(3).Average();
        var last = losses.Skip(9).Average();
        output.WriteLine($"embeddings only: loss {first:F3} -> {last:F3}");
        Assert.True(last < first - 0.1, $"loss {first:F3} -> {last:F3}");
        var before = Weights(init);
        var after = Weights(Path.Combine(checkpoint, "model"));
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (name, values) in before)
            if (name == "word_embeddings.weight") Assert.NotEqual(values, after[name]);
            else Assert.Equal(values, after[name]);
    }

    [Fact]
    public void New_embeddings_training_keeps_every_old_row_bit_for_bit()
    {
        using var dir = TestPaths.NewTempDir();
        var init = Extended(dir);
        var (_, checkpoint) = Train(Options("bloom-language-adapt-tiny.yaml", dir, 4, "--model.init_from=" + init,
            "--model.trainable=new_embeddings"));
        var before = Weights(init)["word_embeddings.weight"];
        var after = Weights(Path.Combine(checkpoint, "model"))["word_embeddings.weight"];
        const int d = 48;
        Assert.Equal(before.AsSpan(0, 1760 * d).ToArray(), after.AsSpan(0, 1760 * d).ToArray());
        Assert.NotEqual(before.AsSpan(1760 * d, 150 * d).ToArray(), after.AsSpan(1760 * d, 150 * d).ToArray());
    }

    [Theory]
    [InlineData("bloom-language-adapter-madx-tiny.yaml")]
    [InlineData("bloom-language-adapter-lora-tiny.yaml")]
    [InlineData("bloom-language-adapter-ia3-tiny.yaml")]
    public void Language_adapters_lower_the_held_out_loss(string config)
    {
        using var dir = TestPaths.NewTempDir();
        var evals = new List<double>();
        double? before = null;
        var result = TrainingSession.Run(Options(config, dir, 12, "--eval.every_steps=12"), observe: t =>
        {
            before = t.Validate(0).Loss;
            t.Event += e => { if (e is EvalEvent v) evals.Add(v.Loss!.Value); };
        });
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        output.WriteLine($"{config}: held-out loss {before:F3} -> {evals[^1]:F3}");
        Assert.True(evals[^1] < before!.Value - 0.1, $"{config}: held-out loss {before:F3} -> {evals[^1]:F3}");
        Assert.True(File.Exists(Path.Combine(result.LastCheckpoint!, "adapter", "adapter_model.safetensors")));
    }

    [Fact]
    public void Trainable_parts_refuse_settings_that_would_not_do_what_they_say()
    {
        using var dir = TestPaths.NewTempDir();
        var init = Extended(dir);
        var e = Assert.Throws<OptionsException>(() => TrainingSession.Run(Options("bloom-language-adapt-tiny.yaml", dir, 1,
            "--model.init_from=" + init, "--model.trainable=new_embeddings", "--optimizer.weight_decay=0.01")));
        Assert.Contains("weight_decay", e.Message);
        e = Assert.Throws<OptionsException>(() => TrainingSession.Run(Options("bloom-language-adapt-tiny.yaml", dir, 1,
            "--model.init_from=" + Bloom, "--data.tokenizer=" + TestPaths.TestData("tokenizers", "bloom-style-bpe", "tokenizer.json"),
            "--model.trainable=new_embeddings")));
        Assert.Contains("model.new_embeddings_from", e.Message);
        e = Assert.Throws<OptionsException>(() => TrainingSession.Run(Options("bloom-language-adapt-tiny.yaml", dir, 1,
            "--model.init_from=" + init, "--model.trainable=new_embeddings", "--model.new_embeddings_from=5000")));
        Assert.Contains("[1, 2048)", e.Message);
        e = Assert.Throws<OptionsException>(() => TrainingSession.Run(Options("bloom-language-adapter-lora-tiny.yaml", dir, 1,
            "--model.trainable=embeddings")));
        Assert.Contains("modules_to_save", e.Message);
    }
}
