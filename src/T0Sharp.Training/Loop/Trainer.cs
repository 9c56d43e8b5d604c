using System.Diagnostics;
using T0Sharp.Distributed;
using T0Sharp.Training.Checkpoints;
using T0Sharp.Training.Data;
using T0Sharp.Training.Distributed;
using T0Sharp.Training.Metrics;
using T0Sharp.Training.Optim;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Training.Loop;

/// <summary>
/// The training loop as a library: options in, events out, a cancellation token to stop. It owns the optimizer
/// and the run state; the caller owns the model and the data stream. Checkpoints every N steps, at the end and on
/// cancellation; <see cref="Run"/> with a checkpoint folder continues exactly where that run stopped.
/// With a process group of several processes it trains data-parallel (<see cref="DataParallel"/>): every
/// process runs the same loop on its share of each step (<see cref="ShardedTrainingStream"/>), decisions to stop
/// are taken together, and only rank 0 writes (<see cref="RankGate"/>).
/// </summary>
public sealed class Trainer : IDisposable
{
    readonly TrainOptions _options;
    readonly ITrainableModel _model;
    readonly ITrainingStream _data;
    readonly ValidationSet _validation;
    readonly StepRunner _stepper;
    readonly CheckpointManager _checkpoints;
    readonly IProcessGroup _group;
    readonly DataParallel? _parallel;

    /// <summary>Raised on the training thread for each step logged, validation, checkpoint and notice.</summary>
    public event Action<TrainerEvent>? Event;

    /// <summary>Raised after every optimizer step with its number (no allocation; for timing and fine-grained hooks).</summary>
    public event Action<long>? StepCompleted;

    public TrainOptions Options => _options;
    public TrainingOptimizer Optimizer { get; }
    public RunState State { get; private set; } = new();
    public LearningRateSchedule Schedule { get; }

    /// <param name="group">The processes training together (null: this process alone). Every process passes the same
    /// options and a stream at the same position; each trains on its share of every step.</param>
    /// <param name="objective">The training objective; null takes the one loss.objective names.</param>
    public Trainer(TrainOptions options, ITrainableModel model, ITrainingStream data, ValidationSet? validation = null,
        Objectives.ITrainingObjective? objective = null, IProcessGroup? group = null)
    {
        OptionsValidator.Validate(options);
        _group = group ?? SingleProcessGroup.Instance;
        var size = _group.Size;
        DataParallel.CheckBatch(options.Data, size);
        // The resolved configuration records the process layout the run actually has.
        _options = options with
        {
            Distributed = options.Distributed with { WorldSize = size, Backend = size > 1 ? _group.Backend : options.Distributed.Backend },
        };
        _model = model;
        _data = size > 1 ? new ShardedTrainingStream(data, _group.Rank, size) : data;
        _validation = validation ?? ValidationSet.Empty;
        _parallel = size > 1 ? new DataParallel(_group, options.Distributed.BucketMb) : null;
        Gate = new RankGate(_group);
        Optimizer = OptimizerFactory.Create(options.Optimizer, model.Module);
        Schedule = LearningRateSchedule.From(options);
        _stepper = new StepRunner(model, Optimizer, Schedule, _options, objective ?? Objectives.ObjectiveFactory.Create(options.Loss), _parallel);
        _checkpoints = new CheckpointManager(options.Run.OutputDir, options.Checkpoint.KeepLast);
    }

    public CheckpointManager Checkpoints => _checkpoints;

    /// <summary>Which process writes checkpoints, metrics and progress (rank 0).</summary>
    public RankGate Gate { get; }

    /// <summary>The data-parallel machinery (gradient buckets and their timings); null in a single process.</summary>
    public DataParallel? Parallel => _parallel;

    /// <summary>
    /// Trains until run.max_steps or cancellation. <paramref name="resumeFrom"/>: a checkpoint folder, or "latest"
    /// for the newest complete checkpoint under run.output_dir; null starts fresh (seeding torch with run.seed).
    /// </summary>
    public TrainingResult Run(string? resumeFrom = null, CancellationToken cancellation = default)
    {
        var outDir = _options.Run.OutputDir;
        Directory.CreateDirectory(outDir);
        var removed = Gate.IsPrimary ? _checkpoints.CleanupTemporary() : 0;
        if (removed > 0) Emit(new MessageEvent(State.Step, $"removed {removed} incomplete checkpoint folder(s) left by an interrupted save"));
        long? resumedAt = null;
        if (resumeFrom != null) resumedAt = Resume(resumeFrom);
        else
        {
            if (_checkpoints.Latest() is string existing)
                throw new InvalidOperationException($"run.output_dir {outDir} already holds checkpoints (newest: {existing}); " +
                    "continue that run with --resume, or choose another run.output_dir");
            manual_seed(DataParallel.RankSeed(_options.Run.Seed, _group.Rank));
        }
        _parallel?.BroadcastModule(_model.Module); // every process starts from rank 0's parameters
        Gate.OnPrimary(() => CheckpointIo.WriteResolvedConfig(outDir, _options));
        Emit(new MessageEvent(State.Step, "resolved configuration:\n" + OptionsWriter.ToYaml(_options)));

        using var jsonl = Gate.IsPrimary && _options.Logging.Jsonl ? new MetricsJsonlWriter(Path.Combine(outDir, "metrics.jsonl"), resumedAt ?? 0) : null;
        using var tb = Gate.IsPrimary && _options.Logging.Tensorboard ? new TensorBoardWriter(Path.Combine(outDir, "tensorboard")) : null;
        void Record(TrainerEvent e) => MetricsSink.Write(e, jsonl, tb);
        Event += Record;
        try { return Loop(cancellation); }
        finally { Event -= Record; }
    }

    long Resume(string resumeFrom)
    {
        var dir = resumeFrom is "" or "latest"
            ? _checkpoints.Latest() ?? throw new InvalidOperationException($"--resume: no complete checkpoint under {_checkpoints.Root}")
            : resumeFrom;
        State = CheckpointIo.Read(dir, _model, Optimizer, _group.Rank);
        _data.RestoreState(State.DataState);
        Emit(new MessageEvent(State.Step, $"resumed from {dir} at step {State.Step}"));
        return State.Step;
    }

    TrainingResult Loop(CancellationToken cancellation)
    {
        var max = _options.Run.MaxSteps;
        var ckEvery = _options.Checkpoint.EverySteps;
        var evalEvery = _options.Eval.EverySteps;
        string? lastCheckpoint = _checkpoints.Latest();
        long savedStep = lastCheckpoint != null ? State.Step : -1;
        var clock = Stopwatch.StartNew();
        var baseElapsed = State.ElapsedSeconds;
        var window = new ThroughputWindow();
        while (State.Step < max)
        {
            if (StopRequested(cancellation))
            {
                lastCheckpoint = Save("interrupted");
                Emit(new MessageEvent(State.Step, $"interrupted: checkpoint written at step {State.Step}; continue with --resume"));
                return new TrainingResult(TrainingOutcome.Interrupted, State.Step, State.LastLoss, lastCheckpoint, _options.Run.OutputDir);
            }
            var step = State.Step + 1;
            _group.Activity = $"training step {step} (last checkpoint: {lastCheckpoint ?? "none yet"})";
            var batches = _stepper.ReadStep(_data);
            StepOutcome outcome;
            var report = step % _options.Logging.EverySteps == 0 || step == max;
            try { outcome = _stepper.Run(step, batches, report); }
            catch (TrainingDivergedException e)
            {
                var where = lastCheckpoint != null ? $"the last good checkpoint is {lastCheckpoint} (step {savedStep})" : "no checkpoint was written yet";
                throw new TrainingDivergedException(
                    $"{e.Message}. Training stopped; {where}. Try a lower optimizer.learning_rate, optimizer.grad_clip_norm, or run.dtype float32.");
            }
            State.Step = step;
            State.LastLoss = outcome.Loss;
            State.TargetTokensSeen += outcome.TargetTokens;
            State.InputTokensSeen += outcome.InputTokens;
            State.ElapsedSeconds = baseElapsed + clock.Elapsed.TotalSeconds;
            window.Add(outcome.TargetTokens + outcome.InputTokens);

            StepCompleted?.Invoke(step);
            if (report)
            {
                var (tps, secPerStep) = window.Take();
                TimeSpan? eta = secPerStep > 0 ? TimeSpan.FromSeconds(secPerStep * (max - step)) : null;
                Emit(new StepEvent(step, max, outcome.Loss, outcome.TokenLoss, outcome.LearningRate, outcome.GradNorm, tps,
                    State.TargetTokensSeen, State.InputTokensSeen, TimeSpan.FromSeconds(State.ElapsedSeconds), eta) { Terms = outcome.Terms });
            }
            if (!_validation.IsEmpty && (evalEvery > 0 && step % evalEvery == 0 || step == max)) Validate(step);
            if (ckEvery > 0 && step % ckEvery == 0 || step == max)
            {
                lastCheckpoint = Save(step == max ? "final" : "periodic");
                savedStep = step;
            }
        }
        return new TrainingResult(TrainingOutcome.Completed, State.Step, State.LastLoss, lastCheckpoint, _options.Run.OutputDir);
    }

    /// <summary>Runs validation now and reports it (also usable between runs).</summary>
    public ValidationResult Validate(long step)
    {
        // Validation must not disturb the training RNG stream (exact resume depends on it).
        using var rng = get_rng_state();
        var r = new Validator(_model).Run(_validation);
        set_rng_state(rng);
        double? metric = _options.Eval.BestMetric == "accuracy" ? r.Accuracy : r.Loss;
        var isBest = false;
        if (metric is double m)
        {
            var better = State.BestMetric is not double b || (_options.Eval.BestMetric == "accuracy" ? m > b : m < b);
            if (better) { State.BestMetric = m; State.BestStep = step; isBest = true; }
        }
        Emit(new EvalEvent(step, r.Loss, r.Accuracy, r.TaskAccuracy, isBest));
        return r;
    }

    // A stop (Ctrl-C, SIGTERM) reaches the processes at different moments: they agree on it once per step.
    bool StopRequested(CancellationToken cancellation) =>
        _group.Size > 1 ? _group.Any(cancellation.IsCancellationRequested) : cancellation.IsCancellationRequested;

    string Save(string reason)
    {
        State.DataState = _data.SaveState();
        _group.Activity = $"saving the checkpoint of step {State.Step}";
        IReadOnlyList<byte[]>? otherRanksRng = null;
        if (_group.Size > 1)
        {
            using var rng = get_rng_state();
            otherRanksRng = _group.AllGather(rng.bytes).Skip(1).ToList();
        }
        var path = Gate.IsPrimary
            ? _checkpoints.Save(State.Step, dir => CheckpointIo.Write(dir, _model, Optimizer, State, _options, otherRanksRng))
            : Path.Combine(_checkpoints.Root, CheckpointManager.DirName(State.Step));
        _group.Barrier(); // the checkpoint exists for every process once they go on
        Emit(new CheckpointEvent(State.Step, path, reason));
        return path;
    }

    void Emit(TrainerEvent e) => Event?.Invoke(e);

    public void Dispose()
    {
        Optimizer.Dispose();
        _parallel?.Dispose();
    }

    /// <summary>Tokens per second and seconds per step since the last report.</summary>
    sealed class ThroughputWindow
    {
        readonly Stopwatch _sw = Stopwatch.StartNew();
        long _tokens, _steps;
        public void Add(long tokens) { _tokens += tokens; _steps++; }
        public (double TokensPerSecond, double SecondsPerStep) Take()
        {
            var s = _sw.Elapsed.TotalSeconds;
            var r = s > 0 && _steps > 0 ? (_tokens / s, s / _steps) : (0, 0);
            _tokens = 0; _steps = 0; _sw.Restart();
            return r;
        }
    }
}
