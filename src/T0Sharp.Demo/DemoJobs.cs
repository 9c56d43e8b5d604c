using System.Text.Json;
using T0Sharp.Core;
using T0Sharp.Data.Features;
using T0Sharp.Data.Pretraining;
using T0Sharp.Evaluation.Running;
using T0Sharp.Models;
using T0Sharp.Synthetic;
using T0Sharp.Training.Progress;

namespace T0Sharp.Demo;

/// <summary>One training run of one condition (run 0 for the untrained baseline): the unit the demo schedules.</summary>
public sealed record DemoJob(string Condition, int Run)
{
    public string Name => DemoRunner.RunName(Condition, Run);
}

/// <summary>What a job leaves besides its evaluation folder: its details, the model's size and, for one job, the controls.</summary>
public sealed record DemoJobResult(ConditionDetail Detail, long Parameters, DemoControls? Controls);

/// <summary>A job to run in its own process: the demo's options and which job.</summary>
public sealed record DemoJobSpec(DemoOptions Options, DemoJob Job);

/// <summary>
/// Starts <c>t0sharp demo --job SPEC</c> as a process of its own (the CLI provides it). Jobs in separate processes run
/// side by side without sharing libtorch's global random generator, so each gives the numbers it gives alone.
/// </summary>
public interface IDemoJobLauncher
{
    /// <summary>Runs the job in <paramref name="specFile"/> with its output in <paramref name="logFile"/>; the exit code.</summary>
    Task<int> RunAsync(string specFile, string logFile, CancellationToken cancel);
}

/// <summary>
/// Runs the demo's jobs after pretraining: in this process one after another, or as worker processes side by side
/// (<see cref="DemoOptions.Jobs"/> at a time, each with its share of the cores). A small model trains barely faster
/// on two threads than on one, so two single-threaded jobs at once finish about 1.3 times sooner than one after
/// another on this 2-core machine (docs/demo.md); the numbers are the same either way (a job's results do not
/// depend on its thread count).
/// </summary>
public static class DemoJobs
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>How many jobs run at once: <see cref="DemoOptions.Jobs"/>, or one per core (0), never more than there are jobs.</summary>
    public static int Parallelism(DemoOptions o, int jobs) => Math.Max(1, Math.Min(jobs, o.Jobs > 0 ? o.Jobs : Environment.ProcessorCount));

    /// <summary>
    /// Runs every job and returns their results in the order given. Without a launcher, or with one job at a time,
    /// jobs run here with the live displays; otherwise each runs as a worker process logging to logs/&lt;job&gt;.log.
    /// </summary>
    public static IReadOnlyList<DemoJobResult> RunAll(IReadOnlyList<DemoJob> jobs, DemoOptions o, DemoData data, PretrainingExamples text,
        IDemoJobLauncher? launcher, Action<DemoJob, DemoJobResult> done, CancellationToken cancel,
        IProgressDisplay? trainingDisplay, IEvalProgressHost? evaluation)
    {
        int parallel = Parallelism(o, jobs.Count);
        if (launcher == null || parallel == 1)
        {
            var results = new List<DemoJobResult>();
            foreach (var job in jobs)
            {
                cancel.ThrowIfCancellationRequested();
                var r = Execute(job, o, data, text, cancel, trainingDisplay, evaluation);
                done(job, r);
                results.Add(r);
            }
            return results;
        }

        var outDir = Path.GetFullPath(o.OutputDir);
        var worker = o with { OutputDir = outDir, Threads = o.Threads > 0 ? o.Threads : Math.Max(1, Environment.ProcessorCount / parallel) };
        Directory.CreateDirectory(Path.Combine(outDir, "jobs"));
        Directory.CreateDirectory(Path.Combine(outDir, "logs"));
        Console.WriteLine($"[jobs] {jobs.Count} jobs, {parallel} at a time, each a worker process with {worker.Threads} thread{(worker.Threads == 1 ? "" : "s")} (logs/<job>.log)");
        var output = new DemoJobResult[jobs.Count];
        using var gate = new SemaphoreSlim(parallel);
        var lockObj = new object();
        var tasks = jobs.Select(async (job, i) =>
        {
            await gate.WaitAsync(cancel).ConfigureAwait(false);
            try
            {
                string spec = SpecFile(outDir, job), log = Path.Combine(outDir, "logs", job.Name + ".log");
                File.Delete(ResultFile(spec));
                AtomicFile.WriteAllText(spec, JsonSerializer.Serialize(new DemoJobSpec(worker, job), Json));
                lock (lockObj) Console.WriteLine($"[{job.Name}] started");
                int code = await launcher.RunAsync(spec, log, cancel).ConfigureAwait(false);
                cancel.ThrowIfCancellationRequested();
                if (code != 0 || !File.Exists(ResultFile(spec)))
                    throw new InvalidOperationException($"demo job {job.Name} failed (exit {code}); its log: {log}" + LastLines(log));
                output[i] = JsonSerializer.Deserialize<DemoJobResult>(File.ReadAllText(ResultFile(spec)), Json)!;
                lock (lockObj) done(job, output[i]);
            }
            finally { gate.Release(); }
        }).ToArray();
        try { Task.WaitAll(tasks); }
        catch (AggregateException e)
        {
            var first = e.Flatten().InnerExceptions;
            if (cancel.IsCancellationRequested || first.Any(x => x is OperationCanceledException)) throw new OperationCanceledException("demo jobs were interrupted");
            throw first[0];
        }
        return output;
    }

    /// <summary>The worker side of <c>t0sharp demo --job SPEC</c>: runs the job and writes its result beside the spec.</summary>
    public static DemoJobResult RunWorker(string specFile, CancellationToken cancel = default)
    {
        DemoJobSpec? spec;
        try { spec = JsonSerializer.Deserialize<DemoJobSpec>(File.ReadAllText(specFile), Json); }
        catch (JsonException e) { throw new ArgumentException($"{specFile}: not a demo job spec ({e.Message})", e); }
        if (spec?.Options == null || spec.Job == null) throw new ArgumentException($"{specFile}: not a demo job spec");
        var o = spec.Options;
        if (o.Threads > 0) TorchSharp.torch.set_num_threads(o.Threads);
        var data = DemoData.Load(o, Path.Combine(o.OutputDir, "data"));
        var result = Execute(spec.Job, o, data, data.Pretraining(o), cancel);
        AtomicFile.WriteAllText(ResultFile(specFile), JsonSerializer.Serialize(result, Json));
        return result;
    }

    public static string SpecFile(string outDir, DemoJob job) => Path.Combine(outDir, "jobs", job.Name + ".json");
    public static string ResultFile(string specFile) => Path.ChangeExtension(specFile, ".result.json");

    static string LastLines(string log)
    {
        if (!File.Exists(log)) return "";
        var lines = File.ReadAllLines(log).Where(l => l.Trim().Length > 0).TakeLast(3).ToList();
        return lines.Count == 0 ? "" : "; last lines: " + string.Join(" | ", lines);
    }

    /// <summary>
    /// One run of one condition: load the pretrained checkpoint (or initialise), train on the condition's task types
    /// with the run's seed, save the model, evaluate zero-shot on the held-out task types. The controls (blank input,
    /// training task types' validation data) are measured on the first run of the all-templates, all-types condition.
    /// </summary>
    public static DemoJobResult Execute(DemoJob job, DemoOptions demo, DemoData data, PretrainingExamples text,
        CancellationToken cancel = default, IProgressDisplay? trainingDisplay = null, IEvalProgressHost? evaluation = null)
    {
        var c = DemoConditions.All(demo).FirstOrDefault(x => x.Name == job.Condition)
            ?? throw new ArgumentException($"unknown demo condition '{job.Condition}'");
        int run = job.Run;
        var o = demo with { Seed = DemoRunner.RunSeed(demo, run) };
        string name = job.Name, outDir = Path.GetFullPath(demo.OutputDir), pretrainedDir = DemoRunner.PretrainedDir(outDir);
        var heldOutSuite = DemoEvaluation.Suite("synthetic-heldout", SyntheticSuite.HeldOutTasks);
        using var model = c.Pretrained ? (c.TaskTypes > 0 ? DemoModel.LoadForMultitask(pretrainedDir, o) : PretrainedModel.Load(pretrainedDir))
            : DemoModel.Create(o, data.Tokenizer.VocabSize, o.MultitaskDropout);
        long parameters = model.Module.parameters().Sum(p => p.numel());
        TrainingSummary? summary = null;
        string? modelDir = c.Pretrained && c.TaskTypes == 0 ? Path.GetRelativePath(outDir, pretrainedDir) : null;
        if (c.TaskTypes > 0)
        {
            var examples = data.TrainingExamples(c.Tasks, c.OneTemplate, run);
            // A share of every multitask batch is pretraining text (against forgetting), chunks taken in order
            // with new split points on each pass.
            int mix = c.Pretrained && o.PretrainMixFraction > 0 ? (int)(examples.Count * o.PretrainMixFraction / (1 - o.PretrainMixFraction)) : 0;
            int n = examples.Count;
            TokenizedExample Example(int i, long _) => i < n ? examples[i] : text.Get((i - n) % text.Count, 1 + (i - n) / text.Count);
            var templates = c.OneTemplate ? $"one template per task ({string.Join(", ", c.Tasks.Select(t => data.TemplatesOf(t, true, run)[0].Name))})" : "all templates per task";
            var stage = new TrainingStage(name, n + mix, Example, o.Steps, c.Pretrained ? o.LearningRate : o.PretrainLearningRate, o.WarmupSteps,
                $"multitask training on {string.Join(", ", c.Tasks.Select(t => t.TaskType))}, {templates}" +
                (c.Pretrained ? $", {o.PretrainMixFraction:P0} pretraining text" : ", from scratch") + (demo.Runs > 1 ? $"; run {run + 1} of {demo.Runs}, seed {o.Seed}" : ""))
                { SequenceMean = true };
            summary = DemoTraining.Train(model, stage, o, data.TokenizerFile, Path.Combine(outDir, "train", name), cancel, trainingDisplay);
            var dir = Path.Combine(outDir, "models", name);
            DemoRunner.SaveModel(model, data, dir);
            modelDir = Path.GetRelativePath(outDir, dir);
        }
        var evalDir = Path.Combine(outDir, "eval", name);
        DemoEvaluation.Run(model, data, heldOutSuite, evalDir, name, o.HeldOutItemsPerTask, evaluation);
        // Effect (3) where the model has the skill: its training task types asked in wording no condition trained on.
        string? newWordingDir = null;
        if (c.Pretrained && c.TaskTypes == o.TaskCounts.Max())
        {
            newWordingDir = Path.Combine(outDir, "eval", name + "_new_wording");
            DemoEvaluation.Run(model, data, DemoEvaluation.Suite("synthetic-new-wording", SyntheticSuite.NewWordingTasks), newWordingDir,
                name + " (training task types, new wording)", DemoEvaluation.NewWordingItems(o), evaluation, data.NewWording);
        }
        DemoControls? controls = null;
        if (run == 0 && c.Pretrained && !c.OneTemplate && c.TaskTypes == o.TaskCounts.Max())
        {
            var blank = DemoEvaluation.BlankInput(model, data);
            var seenSuite = DemoEvaluation.Suite("synthetic-seen", SyntheticSuite.TrainingTasks.Where(t => t.IsClassification));
            var seenResults = DemoEvaluation.Run(model, data, seenSuite,
                Path.Combine(outDir, "eval", c.Name + "_seen"), c.Name + " (training task types)", Math.Min(50, o.HeldOutItemsPerTask), evaluation);
            var seenPerTask = DemoEvaluation.MedianAccuracyPerTask(seenResults);
            Console.WriteLine($"[{c.Name}] training task types' validation data, median over templates: " +
                string.Join(", ", seenPerTask.Select(kv => $"{kv.Key} {kv.Value:F1}")));
            controls = new DemoControls
            {
                BlankInput = blank, BlankInputModel = c.Name,
                SeenTaskTypes = new Dictionary<string, double> { [c.Name] = DemoEvaluation.MedianAccuracy(seenResults) },
                SeenPerTask = new Dictionary<string, IReadOnlyDictionary<string, double>> { [c.Name] = seenPerTask },
            };
        }
        var detail = new ConditionDetail
        {
            Name = name, Description = c.Description + (demo.Runs > 1 && c.TaskTypes > 0 ? $" (run {run + 1} of {demo.Runs}, seed {o.Seed})" : ""),
            TrainingTasks = c.Tasks.Select(t => t.TaskType).ToList(), Training = summary,
            EvalDir = Path.GetRelativePath(outDir, evalDir), ModelDir = modelDir,
            NewWordingEvalDir = newWordingDir == null ? null : Path.GetRelativePath(outDir, newWordingDir),
        };
        return new DemoJobResult(detail, parameters, controls);
    }

}
