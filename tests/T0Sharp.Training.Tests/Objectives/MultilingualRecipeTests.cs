using T0Sharp.Training.Checkpoints;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using T0Sharp.Tests;

namespace T0Sharp.Training.Tests.Objectives;

/// <summary>
/// configs/bloomz-tiny.yaml and configs/mt0-tiny.yaml on the tiny BLOOM and mT5 fixtures: the recipe's settings are
/// what the configs say, a few steps lower the loss, and stopping then resuming gives the same losses and weights as
/// one run. The data is the small rendered mixture (configs/data) so that a test stays within seconds; the configs'
/// own data (xP3 over the bundled slices) goes through the same batches.
/// </summary>
public class MultilingualRecipeTests
{
    static TrainOptions Options(string config, string dir, int steps, params string[] extra) => OptionsLoader.Load(TestPaths.RepoPath("configs", config),
    [
        "--run.output_dir=" + dir, "--run.max_steps=" + steps, "--run.threads=2",
        "--model.init_from=" + TestPaths.TestData("models", config.StartsWith("bloomz") ? "tiny-bloomz-bloom-bf16" : "tiny-mt0-mt5-gated-gelu-sharded"),
        "--data.tokenizer=" + TestPaths.TestData("tokenizers", "hf-test-sentencepiece", "test_sentencepiece.model"),
        "--data.train_files=" + TestPaths.RepoPath("configs", "data", "tiny-train.jsonl"),
        "--data.input_length=48", "--data.target_length=8", "--checkpoint.every_steps=3", "--logging.every_steps=1",
        "--logging.progress=none", .. extra,
    ]);

    static (List<double> Losses, float[] Params) Run(TrainOptions o, bool resume = false)
    {
        var checkpoint = resume ? TrainingSession.ResolveResume(o, "latest") : null;
        var modelDir = checkpoint is null ? null : Path.Combine(checkpoint, CheckpointIo.ModelDir);
        var (tokenizer, path) = DataSetup.LoadTokenizer(o, modelDir);
        using var model = ModelSetup.Create(o, modelDir);
        model.Tokenizer = (tokenizer, path);
        var data = DataSetup.Build(o, tokenizer, path, decoderOnly: !model.IsEncoderDecoder);
        using var trainer = new Trainer(o, model, data.Train, data.Validation);
        var losses = new List<double>();
        trainer.Event += e => { if (e is StepEvent s) losses.Add(s.Loss); };
        var result = trainer.Run(checkpoint);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        return (losses, model.Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray());
    }

    [Fact]
    public void Configs_hold_the_recipes()
    {
        var bloomz = OptionsLoader.Load(TestPaths.RepoPath("configs", "bloomz-tiny.yaml"), []);
        Assert.Equal(ObjectiveKind.NormTarget, bloomz.Loss.Objective);
        Assert.True(bloomz.Data.Pack);
        Assert.Equal(OptimizerKind.AdamW, bloomz.Optimizer.Name);
        Assert.Equal(0.95, bloomz.Optimizer.Beta2);
        Assert.Equal(1e-4, bloomz.Optimizer.WeightDecay);
        Assert.Equal(ScheduleKind.Constant, bloomz.Schedule.Name);
        Assert.Equal("xp3", bloomz.Data.Mixture);
        var gpu = OptionsLoader.Load(TestPaths.RepoPath("configs", "bloomz-7b1-xp3.yaml"), []);
        Assert.Equal(2e-5, gpu.Optimizer.LearningRate);
        Assert.Equal((ObjectiveKind.NormTarget, 0.95, 1e-4), (gpu.Loss.Objective, gpu.Optimizer.Beta2, gpu.Optimizer.WeightDecay));

        var mt0 = OptionsLoader.Load(TestPaths.RepoPath("configs", "mt0-tiny.yaml"), []);
        Assert.False(mt0.Data.Pack);
        Assert.Equal(LossNormalization.SequenceMean, mt0.Loss.Normalization);
        Assert.Equal(ObjectiveKind.Lm, mt0.Loss.Objective);
        Assert.Equal("xp3", mt0.Data.Mixture);
        var mt0Gpu = OptionsLoader.Load(TestPaths.RepoPath("configs", "mt0-xxl-xp3.yaml"), []);
        Assert.Equal((false, LossNormalization.SequenceMean), (mt0Gpu.Data.Pack, mt0Gpu.Loss.Normalization));
    }

    [Theory]
    [InlineData("bloomz-tiny.yaml")]
    [InlineData("mt0-tiny.yaml")]
    public void Tiny_recipe_lowers_the_loss_and_resumes_exactly(string config)
    {
        using var a = TestPaths.NewTempDir();
        using var b = TestPaths.NewTempDir();
        var full = Run(Options(config, a.Path, 6));
        var first = Run(Options(config, b.Path, 3));
        var second = Run(Options(config, b.Path, 6), resume: true);
        Assert.Equal(full.Losses, first.Losses.Concat(second.Losses));
        Assert.Equal(full.Params, second.Params);
        Assert.All(full.Losses, l => Assert.True(double.IsFinite(l) && l > 0));
        Assert.True(full.Losses[^1] < full.Losses[0], $"loss {full.Losses[0]:F3} -> {full.Losses[^1]:F3}");
    }
}
