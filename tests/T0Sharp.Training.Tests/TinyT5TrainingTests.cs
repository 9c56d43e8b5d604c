using T0Sharp.Training.Checkpoints;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using Xunit;

namespace T0Sharp.Training.Tests;

/// <summary>
/// The real pipeline end to end on a tiny T5 (models layer) trained from scratch: rendered prompted mixture
/// (configs/data) → bundled T5 tokenizer → packed batches → Adafactor → checkpoints in Hugging Face layout.
/// </summary>
public class TinyT5TrainingTests
{
    static TrainOptions Options(string dir, int steps) => OptionsLoader.Load(T0Sharp.Tests.TestPaths.RepoPath("configs", "tiny-cpu.yaml"),
    [
        "--run.output_dir=" + dir, "--run.max_steps=" + steps, "--run.threads=2",
        "--data.train_files=" + T0Sharp.Tests.TestPaths.RepoPath("configs", "data", "tiny-train.jsonl"),
        "--data.validation_files=" + T0Sharp.Tests.TestPaths.RepoPath("configs", "data", "tiny-validation.jsonl"),
        "--data.input_length=32", "--data.target_length=8", "--data.batch_size=8", "--data.micro_batch_size=8",
        "--eval.max_examples=4", "--eval.every_steps=0", "--checkpoint.every_steps=4", "--logging.every_steps=1",
        "--logging.progress=none", "--optimizer.learning_rate=3e-3",
    ]);

    static (List<double> Losses, Trainer? Trainer, float[] Params, TrainingResult Result) Run(TrainOptions o, string? resume = null,
        Func<Trainer, object?>? before = null)
    {
        var modelDir = resume is null ? null : Path.Combine(TrainingSession.ResolveResume(o, resume)!, CheckpointIo.ModelDir);
        var (tokenizer, path) = DataSetup.LoadTokenizer(o, modelDir);
        using var model = ModelSetup.Create(o, modelDir, 32128);
        model.Tokenizer = (tokenizer, path);
        var data = DataSetup.Build(o, tokenizer, path, decoderOnly: false);
        using var trainer = new Trainer(o, model, data.Train, data.Validation);
        var losses = new List<double>();
        trainer.Event += e => { if (e is StepEvent s) losses.Add(s.Loss); };
        before?.Invoke(trainer);
        var result = trainer.Run(resume is null ? null : TrainingSession.ResolveResume(o, resume));
        var flat = model.Module.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();
        return (losses, null, flat, result);
    }

    [Fact]
    public void A_tiny_T5_from_scratch_lowers_validation_loss_on_a_small_mixture()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        var o = Options(dir.Path, steps: 100) with { Checkpoint = new CheckpointSection { EverySteps = 0, KeepLast = 1 } };
        ValidationResult? before = null;
        var evals = new List<EvalEvent>();
        var run = Run(o, before: t =>
        {
            before = t.Validate(0);
            t.Event += e => { if (e is EvalEvent v) evals.Add(v); };
            return null;
        });
        Assert.Equal(TrainingOutcome.Completed, run.Result.Outcome);
        var after = evals.Last(e => e.Step == 100);
        Assert.True(after.Loss < 0.5 * before!.Loss, $"validation loss {before.Loss:F3} -> {after.Loss:F3}");
        Assert.True(run.Losses.Skip(90).Average() < run.Losses.Take(10).Average() * 0.5);
        // The final checkpoint's model folder is a complete Hugging Face folder: config, generation config, weights,
        // the tokenizer with its config and special-tokens map; it loads back as model and tokenizer.
        var model = Path.Combine(run.Result.LastCheckpoint!, "model");
        Assert.Equal(["config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json", "spiece.model",
            "tokenizer.json", "tokenizer_config.json"], Directory.GetFiles(model).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(model, "config.json")))!.AsObject();
        Assert.DoesNotContain(config, p => p.Key.Any(char.IsUpper));
        Assert.Equal("T5ForConditionalGeneration", (string?)config["architectures"]![0]);
        using (var reloaded = T0Sharp.Models.PretrainedModel.Load(model))
            Assert.Equal(32128, reloaded.Config.VocabSize);
        var tokenizer = T0Sharp.Data.Tokenization.TokenizerLoader.Load(model);
        const string text = "Premise: it rained. Hypothesis: the ground is wet. True or false?";
        Assert.Equal(DataSetup.LoadTokenizer(o, null).Tokenizer.Encode(text), tokenizer.Encode(text));
        // ... and the checkpoint records how its examples were tokenized (T0's EOS convention by default)
        Assert.Contains("eos_convention: \"t-zero\"", File.ReadAllText(Path.Combine(run.Result.LastCheckpoint!, CheckpointIo.ConfigFile)));
    }

    [Fact]
    public void Resuming_a_tiny_T5_with_dropout_and_packing_is_exact()
    {
        using var a = T0Sharp.Tests.TestPaths.NewTempDir();
        using var b = T0Sharp.Tests.TestPaths.NewTempDir();
        var full = Run(Options(a.Path, 7));
        var first = Run(Options(b.Path, 4));
        var second = Run(Options(b.Path, 7), resume: "latest");
        Assert.Equal(full.Losses, first.Losses.Concat(second.Losses));
        Assert.Equal(full.Params, second.Params);
    }
}
