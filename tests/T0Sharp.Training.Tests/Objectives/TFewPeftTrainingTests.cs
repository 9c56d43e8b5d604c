using T0Sharp.Models;
using T0Sharp.Training.Checkpoints;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using T0Sharp.Tests;

namespace T0Sharp.Training.Tests.Objectives;

/// <summary>
/// The T-Few recipe in miniature (configs/t-few-tiny.yaml): t-few's (IA)^3 on the tiny T0 fixture, T-Few's losses on
/// few-shot choice batches. Only the adapter trains, checkpoints hold the PEFT adapter folder, resume is exact, and the
/// tuned model beats the untuned one on its validation data.
/// </summary>
public class TFewPeftTrainingTests
{
    static TrainOptions Options(string dir, int steps, params string[] extra) => OptionsLoader.Load(TestPaths.RepoPath("configs", "t-few-tiny.yaml"),
    [.. extra,
        "--run.output_dir=" + dir, "--run.max_steps=" + steps,
        "--model.init_from=" + TestPaths.TestData("models", "tiny-t0-t5-v1_1-gated-gelu"),
        "--data.train_files=" + TestPaths.RepoPath("configs", "data", "tiny-train.jsonl"),
        "--data.validation_files=" + TestPaths.RepoPath("configs", "data", "tiny-validation.jsonl"),
        "--data.input_length=32", "--data.target_length=8", "--eval.every_steps=0", "--logging.progress=none", "--logging.every_steps=1",
        "--checkpoint.every_steps=" + Math.Max(1, steps / 2), .. extra.Length == 0 ? ["--schedule.warmup_steps=2"] : Array.Empty<string>(),
    ]);

    static (List<double> Losses, ValidationResult Before, ValidationResult After, string Checkpoint, long Trainable, long Total) Run(TrainOptions o, string? resume = null)
    {
        var losses = new List<double>();
        ValidationResult? before = null, after = null;
        long trainable = 0, total = 0;
        var result = TrainingSession.Run(o, resume, observe: t =>
        {
            trainable = t.Optimizer.ParameterTensors.Sum(p => p.numel());
            before = t.Validate(0);
            t.Event += e => { if (e is StepEvent s) losses.Add(s.Loss); };
        });
        after = Validate(o, result.LastCheckpoint!);
        return (losses, before!, after, result.LastCheckpoint!, trainable, total);
    }

    static ValidationResult Validate(TrainOptions o, string checkpoint)
    {
        // the saved adapter on a fresh base, validated as training validates
        var (tokenizer, path) = DataSetup.LoadTokenizer(o, null);
        using var model = ModelSetup.Create(o, null, 32128);
        var data = DataSetup.Build(o, tokenizer, path, decoderOnly: false);
        model.Adapter = new PeftAdapterFactory().Create(model.Model, o, data.TaskNames);
        model.LoadWeights(Path.Combine(checkpoint, CheckpointIo.AdapterDir));
        return new Validator(model).Run(data.Validation);
    }

    [Fact]
    public void The_tiny_t_few_run_lowers_its_loss_beats_the_untuned_model_and_checkpoints_only_the_adapter()
    {
        using var dir = TestPaths.NewTempDir();
        var run = Run(Options(dir.Path, 120));
        Assert.InRange(run.Trainable, 1, 2000); // l_k, l_v, l_ff vectors only
        Assert.True(run.Losses.Skip(110).Average() < 0.8 * run.Losses.Take(10).Average(),
            $"loss {run.Losses.Take(10).Average():F3} -> {run.Losses.Skip(110).Average():F3}");
        Assert.True(run.After.Accuracy > run.Before.Accuracy + 0.05, $"validation accuracy {run.Before.Accuracy:P1} -> {run.After.Accuracy:P1}");
        var adapter = Path.Combine(run.Checkpoint, CheckpointIo.AdapterDir);
        Assert.True(File.Exists(Path.Combine(adapter, "adapter_config.json")));
        Assert.True(File.Exists(Path.Combine(adapter, "adapter_model.safetensors")));
        Assert.False(Directory.Exists(Path.Combine(run.Checkpoint, CheckpointIo.ModelDir)));
        Assert.True(new FileInfo(Path.Combine(adapter, "adapter_model.safetensors")).Length < 20_000);
        Assert.Contains("\"IA3\"", File.ReadAllText(Path.Combine(adapter, "adapter_config.json")));
    }

    [Theory]
    [InlineData("compacter++", "COMPACTER", 4 * (2 * (32 + 4) + 4 + 32) + 64)] // d_model 32, bottleneck 4, 4 feed-forward outputs, shared 4³ rule
    [InlineData("houlsby", "BOTTLENECK", 8 * (2 * 32 * 4 + 4 + 32))]           // 4 self-attention + 4 feed-forward outputs
    public void Compacter_and_bottleneck_adapters_train_from_a_peft_section(string preset, string peftType, long expectedTrainable)
    {
        using var dir = TestPaths.NewTempDir();
        // one example per task: every step sees the same 8 examples, so the loss is comparable from step to step
        var run = Run(Options(dir.Path, 12, "--peft.preset=" + preset, "--peft.reduction_factor=8", "--data.few_shot=1", "--schedule.name=constant",
            "--schedule.warmup_steps=0", "--optimizer.name=adamw", "--optimizer.learning_rate=0.03"));
        Assert.Equal(expectedTrainable, run.Trainable);
        Assert.True(run.Losses.Skip(9).Average() < 0.8 * run.Losses.Take(3).Average(), $"{preset}: losses {string.Join(", ", run.Losses.Select(l => l.ToString("F2")))}");
        var adapter = Path.Combine(run.Checkpoint, CheckpointIo.AdapterDir);
        Assert.Contains($"\"peft_type\": \"{peftType}\"", File.ReadAllText(Path.Combine(adapter, "adapter_config.json")));
        Assert.False(Directory.Exists(Path.Combine(run.Checkpoint, CheckpointIo.ModelDir)));
    }

    [Fact]
    public void Resuming_an_adapter_run_continues_exactly()
    {
        using var a = TestPaths.NewTempDir();
        using var b = TestPaths.NewTempDir();
        // a constant schedule: a linear one decays towards max_steps, which the stopped run sets shorter
        var full = Run(Options(a.Path, 8, "--schedule.name=constant", "--schedule.warmup_steps=0"));
        Run(Options(b.Path, 4, "--schedule.name=constant", "--schedule.warmup_steps=0"));
        var second = Run(Options(b.Path, 8, "--schedule.name=constant", "--schedule.warmup_steps=0"), resume: "latest");
        Assert.Equal(full.Losses.Skip(4), second.Losses);
        var x = File.ReadAllBytes(Path.Combine(full.Checkpoint, CheckpointIo.AdapterDir, "adapter_model.safetensors"));
        var y = File.ReadAllBytes(Path.Combine(second.Checkpoint, CheckpointIo.AdapterDir, "adapter_model.safetensors"));
        Assert.Equal(x, y);
    }
}
