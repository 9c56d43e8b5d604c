using System.Diagnostics;
using T0Sharp.Data.Features;
using T0Sharp.Models;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Progress;

namespace T0Sharp.Demo;

/// <summary>What one training condition produced.</summary>
public sealed record TrainingSummary(string Condition, int Examples, long Steps, double FirstLoss, double LastLoss, double Seconds, double TokensPerSecond);

/// <summary>Trains the demo model on a set of clusters with T0Sharp's <see cref="Trainer"/> (packed rows, fixed steps).</summary>
public static class DemoTraining
{
    public static TrainOptions Options(DemoOptions o, string runDir) => new()
    {
        Run = new RunSection { OutputDir = runDir, MaxSteps = o.Steps, Seed = o.Seed, Threads = o.Threads },
        Data = new DataSection
        {
            InputLength = o.InputLength, TargetLength = o.TargetLength, BatchSize = o.RowsPerStep, MicroBatchSize = o.RowsPerStep, Pack = true,
        },
        // AdamW with a short warmup: from-scratch training of a tiny model (T0's constant-LR Adafactor assumes a pretrained start).
        Optimizer = new OptimizerSection { Name = OptimizerKind.AdamW, LearningRate = o.LearningRate, GradClipNorm = 1.0, WeightDecay = 0.01 },
        Schedule = new ScheduleSection { Name = ScheduleKind.Linear, WarmupSteps = o.WarmupSteps, FinalLearningRate = o.LearningRate * 0.1 },
        Checkpoint = new CheckpointSection { EverySteps = 0, KeepLast = 1 },
        Logging = new LoggingSection { EverySteps = Math.Max(1, o.Steps / 20), Tensorboard = false, Progress = ProgressMode.Auto },
    };

    /// <summary>
    /// Trains <paramref name="model"/> in place on the tasks of <paramref name="clusters"/>; the final checkpoint
    /// (Hugging Face layout) lands under <paramref name="runDir"/>/checkpoints.
    /// </summary>
    public static TrainingSummary Train(ILanguageModel model, DemoData data, DemoOptions o, string condition,
        IReadOnlyList<string> clusters, bool oneTemplate, string runDir, CancellationToken cancel = default, IProgressDisplay? display = null)
    {
        var examples = data.TrainingExamples(clusters, oneTemplate);
        var features = new FeatureConverterOptions(new FeatureLengths(o.InputLength, o.TargetLength), Pack: true);
        var stream = new ExampleListStream(examples, features, seed: o.Seed);
        var options = Options(o, runDir);
        var adapter = new LanguageModelAdapter(model) { Tokenizer = (data.Tokenizer, data.TokenizerSource) };
        using var trainer = new Trainer(options, adapter, stream);
        double? first = null, last = null;
        double tokens = 0;
        trainer.Event += e =>
        {
            if (e is StepEvent s) { first ??= s.Loss; last = s.Loss; tokens = s.TargetTokensSeen + s.InputTokensSeen; }
        };
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"[{condition}] training on {string.Join(", ", clusters)} ({examples.Count:N0} prompted examples, " +
                          $"{(oneTemplate ? "one template" : "all templates")} per task), {o.Steps} steps");
        var result = TrainingProgress.Show(trainer, options.Logging.Progress, () => trainer.Run(null, cancel), rich: display);
        var seconds = clock.Elapsed.TotalSeconds;
        if (result.Outcome != TrainingOutcome.Completed) throw new OperationCanceledException($"[{condition}] training was interrupted");
        return new TrainingSummary(condition, examples.Count, result.Step, first ?? double.NaN, last ?? double.NaN, seconds, tokens / Math.Max(seconds, 1e-9));
    }
}
