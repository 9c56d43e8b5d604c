using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using T0Sharp.Tests;
using Xunit.Abstractions;

namespace T0Sharp.Training.Tests.Pretraining;

/// <summary>
/// Each pretraining config (configs/pretrain-*-tiny.yaml) end to end through <c>t0sharp train</c>'s session on its
/// tiny fixture: raw text → objective → feature converter → optimizer. Over a few dozen steps the training loss falls,
/// and so does the loss on held-out text (data.validation_text_files, fixed noise).
/// </summary>
public class PretrainingTrainingTests(ITestOutputHelper output)
{
    // The configs' paths resolve against the config's folder; the corpus is named again here to show what is read.
    static TrainOptions Options(string config, string dir, int steps) => OptionsLoader.Load(TestPaths.RepoPath("configs", config),
    [
        "--run.output_dir=" + dir, "--run.max_steps=" + steps, "--run.threads=2",
        "--data.text_files=" + TestPaths.RepoPath("assets", "pretraining", "tiny-corpus.txt"),
        "--data.validation_text_files=" + TestPaths.RepoPath("assets", "pretraining", "tiny-corpus-validation.txt"),
        "--eval.every_steps=0", "--eval.max_examples=8",
        "--data.batch_size=4", "--data.micro_batch_size=4",
        "--logging.progress=none", "--logging.every_steps=1", "--checkpoint.every_steps=0",
    ]);

    static (List<double> Losses, double HeldOutBefore, double HeldOutAfter) Train(TrainOptions o)
    {
        var losses = new List<double>();
        var evals = new List<EvalEvent>();
        double? before = null;
        var result = TrainingSession.Run(o, observe: t =>
        {
            before = t.Validate(0).Loss;
            t.Event += e =>
            {
                if (e is StepEvent s) losses.Add(s.Loss);
                if (e is EvalEvent v) evals.Add(v);
            };
        });
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        return (losses, before!.Value, evals.Last().Loss!.Value);
    }

    [Theory]
    [InlineData("pretrain-span-corruption-tiny.yaml")]
    [InlineData("pretrain-prefix-lm-tiny.yaml")]
    [InlineData("pretrain-causal-lm-tiny.yaml")]
    [InlineData("pretrain-alexatm-tiny.yaml")]
    [InlineData("pretrain-ul2-tiny.yaml")]
    public void The_loss_falls_over_a_few_dozen_steps(string config)
    {
        using var dir = TestPaths.NewTempDir();
        const int steps = 30;
        var (losses, heldBefore, heldAfter) = Train(Options(config, dir.Path, steps));
        Assert.Equal(steps, losses.Count);
        var first = losses.Take(5).Average();
        var last = losses.Skip(steps - 5).Average();
        output.WriteLine($"{config}: training loss, mean of steps 1-5 {first:F3} -> steps {steps - 4}-{steps} {last:F3}; held-out loss {heldBefore:F3} -> {heldAfter:F3}");
        Assert.True(last < 0.75 * first, $"{config}: loss {first:F3} -> {last:F3}");
        Assert.True(heldAfter < 0.75 * heldBefore, $"{config}: held-out loss {heldBefore:F3} -> {heldAfter:F3}");
    }
}
