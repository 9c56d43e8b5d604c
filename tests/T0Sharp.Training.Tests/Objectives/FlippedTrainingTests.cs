using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using T0Sharp.Tests;

namespace T0Sharp.Training.Tests.Objectives;

/// <summary>
/// configs/flipped-tiny.yaml through the whole training path: a mixture of promptsource and FLAN-style
/// classification tasks → flipped examples (one row per label, the instruction as every row's target) → the
/// likelihood + λ·unlikelihood loss, on a tiny T5 from scratch.
/// </summary>
public class FlippedTrainingTests
{
    static TrainOptions Options(string outputDir, params string[] extra) => OptionsLoader.Load(TestPaths.RepoPath("configs", "flipped-tiny.yaml"),
    [
        "--run.output_dir=" + outputDir, "--run.max_steps=30", "--run.threads=2", "--run.seed=1",
        "--data.mixture=" + TestPaths.RepoPath("configs", "mixtures", "flipped.yaml"),
        "--data.input_length=64", "--data.target_length=32", "--data.batch_size=4", "--data.micro_batch_size=4",
        "--optimizer.name=adamw", "--optimizer.learning_rate=3e-3", "--model.dropout_rate=0",
        "--eval.max_examples=8", "--eval.every_steps=0", "--checkpoint.every_steps=0", "--logging.every_steps=1", "--logging.progress=none",
        .. extra,
    ]);

    [Fact]
    public void Flipped_training_on_a_mixture_lowers_the_loss()
    {
        using var dir = TestPaths.NewTempDir();
        var o = Options(dir.Path);
        var (tokenizer, path) = DataSetup.LoadTokenizer(o, null);
        using var model = ModelSetup.Create(o, null, 32128);
        var data = DataSetup.Build(o, tokenizer, path, decoderOnly: false);
        // 200 records × (2 promptsource + 1 FLAN rotten_tomatoes templates + 2 ag_news templates), all flippable
        Assert.StartsWith("mixture flipped: 5 tasks, 1,000 flipped examples", data.Description);
        Assert.NotEmpty(data.Validation.LossBatches);   // the flipped tasks' likelihood examples (instruction targets)
        using var trainer = new Trainer(o, model, data.Train, data.Validation);
        var before = trainer.Validate(0);
        var steps = new List<StepEvent>();
        trainer.Event += e => { if (e is StepEvent s) steps.Add(s); };
        var result = trainer.Run();
        var after = trainer.Validate(30);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(steps.Skip(25).Average(s => s.Loss) < 0.6 * steps.Take(5).Average(s => s.Loss),
            $"loss {steps.Take(5).Average(s => s.Loss):F3} -> {steps.Skip(25).Average(s => s.Loss):F3}");
        Assert.True(after.Loss < 0.6 * before.Loss, $"validation instruction loss {before.Loss:F3} -> {after.Loss:F3}");
        // the likelihood term falls; the unlikelihood term is reported beside it (metrics.jsonl: loss_lm, loss_unlikelihood)
        Assert.True(steps.Skip(25).Average(s => s.Terms!["lm"]) < 0.6 * steps.Take(5).Average(s => s.Terms!["lm"]));
        Assert.All(steps, s => Assert.True(s.Terms!["unlikelihood"] > 0));
        Assert.Contains("\"loss_unlikelihood\"", File.ReadAllText(Path.Combine(dir.Path, "metrics.jsonl")));
    }

    [Fact]
    public void Flipped_needs_a_mixture_and_an_encoder_decoder()
    {
        using var dir = TestPaths.NewTempDir();
        var (tokenizer, path) = DataSetup.LoadTokenizer(Options(dir.Path), null);
        var files = Options(dir.Path, "--data.train_files=" + TestPaths.RepoPath("configs", "data", "tiny-train.jsonl"));
        Assert.Contains("data.mixture", Assert.Throws<OptionsException>(() => DataSetup.Build(files, tokenizer, path, decoderOnly: false)).Message);
        Assert.Contains("encoder-decoder", Assert.Throws<OptionsException>(() => DataSetup.Build(Options(dir.Path), tokenizer, path, decoderOnly: true)).Message);
        var superNi = Options(dir.Path, "--data.mixture=" + TestPaths.RepoPath("configs", "mixtures", "formats.yaml"));
        Assert.Contains("Super-NI and k-shot tasks have none", Assert.Throws<OptionsException>(() => DataSetup.Build(superNi, tokenizer, path, decoderOnly: false)).Message);
    }
}
