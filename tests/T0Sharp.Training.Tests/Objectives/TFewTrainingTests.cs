using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using T0Sharp.Tests;

namespace T0Sharp.Training.Tests.Objectives;

/// <summary>
/// The T-Few objective through the whole training path: rendered examples with answer choices → few-shot sampling
/// (k per task) → choice batches → LM + unlikelihood + length-normalised losses, on a tiny T5 from scratch.
/// </summary>
public class TFewTrainingTests
{
    [Fact]
    public void Few_shot_t_few_training_lowers_the_loss_and_raises_rank_accuracy()
    {
        using var dir = TestPaths.NewTempDir();
        var o = OptionsLoader.Load(TestPaths.RepoPath("configs", "tiny-cpu.yaml"),
        [
            "--run.output_dir=" + dir.Path, "--run.max_steps=120", "--run.threads=2", "--run.seed=1",
            "--data.train_files=" + TestPaths.RepoPath("configs", "data", "tiny-train.jsonl"),
            "--data.validation_files=" + TestPaths.RepoPath("configs", "data", "tiny-validation.jsonl"),
            "--data.input_length=32", "--data.target_length=8", "--data.batch_size=16", "--data.micro_batch_size=8",
            "--data.pack=false", "--data.few_shot=32", "--loss.objective=t_few",
            "--optimizer.name=adamw", "--optimizer.learning_rate=3e-3", "--model.dropout_rate=0",
            "--eval.max_examples=16", "--eval.every_steps=0", "--checkpoint.every_steps=0", "--logging.every_steps=1", "--logging.progress=none",
        ]);
        var (tokenizer, path) = DataSetup.LoadTokenizer(o, null);
        using var model = ModelSetup.Create(o, null, 32128);
        var data = DataSetup.Build(o, tokenizer, path, decoderOnly: false);
        Assert.Contains("choice examples", data.Description);
        using var trainer = new Trainer(o, model, data.Train, data.Validation);
        var before = trainer.Validate(0);
        var steps = new List<StepEvent>();
        trainer.Event += e => { if (e is StepEvent s) steps.Add(s); };
        var result = trainer.Run();
        var after = trainer.Validate(120);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.True(steps.Skip(110).Average(s => s.Loss) < 0.6 * steps.Take(5).Average(s => s.Loss),
            $"loss {steps.Take(5).Average(s => s.Loss):F3} -> {steps.Skip(110).Average(s => s.Loss):F3}");
        Assert.True(after.Accuracy > before.Accuracy + 0.15, $"rank accuracy {before.Accuracy:P1} -> {after.Accuracy:P1}; " + string.Join(", ", after.TaskAccuracy.Select(kv => $"{kv.Key} {before.TaskAccuracy[kv.Key]:P0}->{kv.Value:P0}")));
    }
}
