using System.Diagnostics;
using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;
using T0Sharp.Models;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Progress;

namespace T0Sharp.Demo;

/// <summary>What one training stage produced.</summary>
public sealed record TrainingSummary(string Stage, int Examples, long Steps, double FirstLoss, double LastLoss, double Seconds, double TokensPerSecond);

/// <summary>One training stage of the demo: examples (<see cref="Count"/> of them, computed per index and epoch), steps and learning rate.</summary>
public sealed record TrainingStage(string Name, int Count, Func<int, long, TokenizedExample> Example, int Steps, double LearningRate, int WarmupSteps, string Description)
{
    /// <summary>Weigh each example once (mean over its target tokens, then over examples) rather than each target token.</summary>
    public bool SequenceMean { get; init; }

    public TrainingStage(string name, IReadOnlyList<TokenizedExample> examples, int steps, double learningRate, int warmupSteps, string description)
        : this(name, examples.Count, (i, _) => examples[i], steps, learningRate, warmupSteps, description) { }
}

/// <summary>Trains the demo model with T0Sharp's <see cref="Trainer"/> (packed rows, fixed steps, AdamW, linear decay).</summary>
public static class DemoTraining
{
    public static TrainOptions Options(DemoOptions o, TrainingStage stage, string runDir) => new()
    {
        Run = new RunSection { OutputDir = runDir, MaxSteps = stage.Steps, Seed = o.Seed, Threads = o.Threads },
        Data = new DataSection
        {
            InputLength = o.InputLength, TargetLength = o.TargetLength, BatchSize = o.RowsPerStep, MicroBatchSize = o.RowsPerStep, Pack = true,
        },
        // AdamW with a short warmup: a tiny model trained from scratch (T0's constant-LR Adafactor assumes T5's scale).
        Optimizer = new OptimizerSection { Name = OptimizerKind.AdamW, LearningRate = stage.LearningRate, GradClipNorm = 1.0, WeightDecay = 0.01 },
        Schedule = new ScheduleSection { Name = ScheduleKind.Linear, WarmupSteps = stage.WarmupSteps, FinalLearningRate = stage.LearningRate * 0.1 },
        // Multitask stages weigh every example once whatever its length (mT0's per-sequence averaging): under a mean
        // over tokens the pretraining text's long targets drowned the one-word answers of the task types (measured:
        // docs/demo.md). Pretraining keeps T5's mean over tokens.
        Loss = new LossSection { Normalization = stage.SequenceMean ? LossNormalization.SequenceMean : LossNormalization.TokenMean },
        Checkpoint = new CheckpointSection { EverySteps = 0, KeepLast = 1 },
        Logging = new LoggingSection { EverySteps = Math.Max(1, stage.Steps / 20), Tensorboard = false, Progress = ProgressMode.Auto },
    };

    /// <summary>
    /// Trains <paramref name="model"/> in place; the final checkpoint (Hugging Face layout, with the compact
    /// tokenizer.json beside the weights) lands under <paramref name="runDir"/>/checkpoints.
    /// </summary>
    public static TrainingSummary Train(ILanguageModel model, TrainingStage stage, DemoOptions o, string tokenizerFile,
        string runDir, CancellationToken cancel = default, IProgressDisplay? display = null)
    {
        if (Directory.Exists(runDir)) Directory.Delete(runDir, recursive: true); // a demo run starts clean; no resume across runs
        var features = new FeatureConverterOptions(new FeatureLengths(o.InputLength, o.TargetLength), Pack: true);
        var stream = new ExampleListStream(stage.Count, stage.Example, features, seed: o.Seed);
        var options = Options(o, stage, runDir);
        var adapter = new LanguageModelAdapter(model) { Tokenizer = (TokenizerLoader.Load(tokenizerFile), tokenizerFile) };
        using var trainer = new Trainer(options, adapter, stream);
        double? first = null, last = null;
        double tokens = 0;
        trainer.Event += e =>
        {
            if (e is StepEvent s) { first ??= s.Loss; last = s.Loss; tokens = s.TargetTokensSeen + s.InputTokensSeen; }
        };
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"[{stage.Name}] {stage.Description} ({stage.Count:N0} examples), {stage.Steps} steps");
        var result = TrainingProgress.Show(trainer, options.Logging.Progress, () => trainer.Run(null, cancel), rich: display);
        var seconds = clock.Elapsed.TotalSeconds;
        if (result.Outcome != TrainingOutcome.Completed) throw new OperationCanceledException($"[{stage.Name}] training was interrupted");
        return new TrainingSummary(stage.Name, stage.Count, result.Step, first ?? double.NaN, last ?? double.NaN, seconds,
            tokens / Math.Max(seconds, 1e-9));
    }
}
