using System.Diagnostics;
using T0Sharp.Evaluation.Running;
using T0Sharp.Training.Progress;
using System.Text.Json;
using T0Sharp.Core;
using T0Sharp.Data.Pretraining;
using T0Sharp.Models;
using T0Sharp.Synthetic;

namespace T0Sharp.Demo;

/// <summary>
/// The T0 experiments in miniature. Stage 1: a small T5 pretrained from scratch on the synthetic world's text
/// (prefix LM, T5's LM adaptation). Stage 2: from that one checkpoint, multitask prompted training on the first k
/// training task types (same steps for every condition, a share of each batch pretraining text), one template per
/// task for one condition, and no pretraining for another. Stage 3: zero-shot rank classification on the held-out
/// task types (B facts, new wording), a paired bootstrap over items, and the effects stated against 3 standard errors.
/// </summary>
public static class DemoRunner
{
    /// <param name="trainingDisplay">The live training display (the CLI's progress bar); null prints plain lines.</param>
    /// <param name="evaluation">The live evaluation display; null prints plain lines.</param>
    /// <param name="launcher">Runs training runs as worker processes side by side (the CLI's); null runs them here, one after another.</param>
    public static DemoResults Run(DemoOptions o, CancellationToken cancel = default, IProgressDisplay? trainingDisplay = null,
        IEvalProgressHost? evaluation = null, IDemoJobLauncher? launcher = null)
    {
        var clock = Stopwatch.StartNew();
        if (o.Threads > 0) TorchSharp.torch.set_num_threads(o.Threads);
        var outDir = Path.GetFullPath(o.OutputDir);
        Directory.CreateDirectory(outDir);
        var data = DemoData.Prepare(o, Path.Combine(outDir, "data"));
        Console.WriteLine($"synthetic world: {data.Suite.World.People.Count} people, {data.Suite.World.Things.Count} things, " +
                          $"{data.Suite.World.Rules.Count} cause-effect rules; {data.Corpus.Count:N0} pretraining documents");
        Console.WriteLine($"training task types (in order): {string.Join(", ", SyntheticSuite.TrainingTasks.Select(t => t.TaskType))}; " +
                          $"held out: {string.Join(", ", SyntheticSuite.HeldOutTasks.Select(t => t.TaskType))}");
        Console.WriteLine($"compact vocabulary: {data.Tokenizer.VocabSize} of T5's 32,100 pieces");

        var conditions = DemoConditions.All(o).Where(c => o.Conditions == null || o.Conditions.Contains(c.Name)).ToList();

        // Stage 1: pretraining on the world's text (once; every pretrained condition starts from this checkpoint).
        TrainingSummary? pretraining = null;
        var pretrainedDir = PretrainedDir(outDir);
        // The pretraining text, tokenized once: stage 1 trains on it, the stamp describes it, multitask stages mix it in.
        var text = data.Pretraining(o);
        var stamp = PretrainingStamp(o, data, text);
        var stampFile = Path.Combine(pretrainedDir, "demo-pretraining.json");
        if (o.ReusePretrained && conditions.Any(c => c.Pretrained))
        {
            if (!File.Exists(stampFile))
                throw new ArgumentException($"--reuse-pretrained: {stampFile} not found (run the demo once into this --out first)");
            if (File.ReadAllText(stampFile) != stamp)
                throw new ArgumentException($"--reuse-pretrained: the checkpoint in {pretrainedDir} was pretrained with other settings ({stampFile})");
            Console.WriteLine($"[pretraining] reusing {pretrainedDir} (same world, tokenizer, model shape and pretraining settings)");
        }
        else if (conditions.Any(c => c.Pretrained))
        {
            using var model = DemoModel.Create(o, data.Tokenizer.VocabSize);
            var stage = new TrainingStage("pretraining", text.Count, text.Get, o.PretrainSteps, o.PretrainLearningRate,
                Math.Max(10, o.PretrainSteps / 15), $"{text.Objective.Description} pretraining on the world's text, {text.Count:N0} documents");
            pretraining = DemoTraining.Train(model, stage, o, data.TokenizerFile, Path.Combine(outDir, "train", "pretraining"), cancel, trainingDisplay);
            SaveModel(model, data, pretrainedDir);
            AtomicFile.WriteAllText(stampFile, stamp);
        }

        // Stage 2 and 3: every condition's training runs (the untrained baseline: one evaluation), as jobs. Each run
        // has its own seed (order, dropout, initialisation, one-template draw); a condition is its runs' item-by-item mean.
        var jobs = conditions.SelectMany(c => Enumerable.Range(0, c.TaskTypes > 0 ? o.Runs : 1).Select(r => new DemoJob(c.Name, r))).ToList();
        // Each job's item table, read once from its examples.jsonl when the job finishes (callbacks come one at a time).
        var jobTables = new Dictionary<DemoJob, ItemTable>();
        var newWordingTables = new Dictionary<DemoJob, ItemTable>();
        var jobResults = DemoJobs.RunAll(jobs, o, data, text, launcher, (job, r) =>
            {
                var table = jobTables[job] = DemoEvaluation.Items(Path.Combine(outDir, r.Detail.EvalDir), o.HeldOutItemsPerTask);
                Console.WriteLine($"[{job.Name}] held-out score {Describe(table)} ({clock.Elapsed.TotalSeconds:F0} s so far)");
                if (r.Detail.NewWordingEvalDir is { } nw)
                {
                    var words = newWordingTables[job] = DemoEvaluation.Items(Path.Combine(outDir, nw), DemoEvaluation.NewWordingItems(o), SyntheticSuite.NewWordingTasks);
                    Console.WriteLine($"[{job.Name}] training task types in new wording: {Describe(words)}");
                }
            },
            cancel, trainingDisplay, evaluation);
        var details = jobResults.Select(r => r.Detail).ToList();
        long parameters = jobResults.Count > 0 ? jobResults[^1].Parameters : 0;
        var controls = jobResults.Select(r => r.Controls).FirstOrDefault(x => x != null);
        var heldOut = DemoStatistics.Summarise(RunTables(conditions, jobs, jobTables), o.BootstrapSamples, o.Seed);
        foreach (var c in conditions.Where(c => heldOut.Runs[c.Name].Count > 1))
            Console.WriteLine($"[{c.Name}] mean of {heldOut.Runs[c.Name].Count} runs: held-out score {Describe(heldOut.Means[c.Name])}");
        var results = conditions.Select(c => new ConditionResult
        {
            Name = c.Name, Pretrained = c.Pretrained, TrainingTaskTypes = c.TaskTypes, TemplatesPerTask = c.TemplatesPerTask,
            HeldOut = heldOut.Scores[c.Name],
            RunScores = heldOut.Runs[c.Name].Select(x => x.Score).ToList(), RunSpreads = heldOut.Runs[c.Name].Select(x => x.Spread).ToList(),
        }).ToList();
        // The training task types in new wording, for the conditions evaluated on them: bootstrapped over their own items.
        var newWording = DemoStatistics.Summarise(RunTables(conditions, jobs, newWordingTables), o.BootstrapSamples, o.Seed);
        var demo = new DemoResults
        {
            Chance = DemoEffects.Chance, Conditions = results, NewWording = newWording.Scores,
            Effects = [.. DemoEffects.Compute(o, results, heldOut.Boot), .. DemoEffects.NewWording(o, newWording.Scores, newWording.Boot, newWording.Runs)],
            Controls = controls ?? new DemoControls { BlankInput = new Dictionary<string, double>(), BlankInputModel = "" },
            Details = details, Pretraining = pretraining, Quick = o.Quick, Seed = o.Seed, VocabSize = data.Tokenizer.VocabSize,
            Parameters = parameters, HeldOutItemsPerTask = o.HeldOutItemsPerTask, Options = o, Seconds = clock.Elapsed.TotalSeconds,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "demo-results.json"),
            JsonSerializer.Serialize(demo, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        DemoReport.Write(demo, outDir);
        return demo;
    }

    /// <summary>Each condition's run tables in run order (conditions without any table left out).</summary>
    static Dictionary<string, List<ItemTable>> RunTables(IReadOnlyList<DemoCondition> conditions, IReadOnlyList<DemoJob> jobs,
        IReadOnlyDictionary<DemoJob, ItemTable> tables) =>
        conditions.Select(c => (c.Name, Tables: jobs.Where(j => j.Condition == c.Name && tables.ContainsKey(j)).Select(j => tables[j]).ToList()))
            .Where(x => x.Tables.Count > 0).ToDictionary(x => x.Name, x => x.Tables);

    /// <summary>Where stage 1's checkpoint lives in an output folder.</summary>
    public static string PretrainedDir(string outDir) => Path.Combine(outDir, "models", "pretrained");

    /// <summary>The name of one training run of a condition: the condition's own for the first, "-run2" and on after it.</summary>
    public static string RunName(string condition, int run) => run == 0 ? condition : $"{condition}-run{run + 1}";

    /// <summary>The seed of one training run: the demo's seed for the first, then 1000 apart.</summary>
    public static long RunSeed(DemoOptions o, int run) => o.Seed + 1000L * run;

    static string Describe(ItemTable t)
    {
        var h = DemoStatistics.HeldOut(t, double.NaN);
        return $"{h.Score:F1}% ({string.Join(", ", h.PerTask.Select(kv => $"{kv.Key} {kv.Value.Median:F1}"))})";
    }

    /// <summary>What stage 1 depends on (the world, its tokenizer, the model shape, the pretraining settings), as JSON.</summary>
    static string PretrainingStamp(DemoOptions o, DemoData data, PretrainingExamples text) => JsonSerializer.Serialize(new
    {
        o.Seed, o.PretrainDocuments, o.PretrainSteps, o.PretrainLearningRate, o.RowsPerStep, o.InputLength, o.TargetLength,
        o.DModel, o.DFf, o.NumHeads, o.DKv, o.NumLayers, o.PretrainDropout, Tokenizer = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(data.TokenizerFile))),
        Objective = text.Objective.Description, Documents = text.Count,
    });

    /// <summary>Saves a complete Hugging Face folder: weights, config, the compact tokenizer.json with
    /// tokenizer_config.json and special_tokens_map.json, so the model can be evaluated again.</summary>
    internal static void SaveModel(ILanguageModel model, DemoData data, string dir) =>
        T0Sharp.Training.Checkpoints.HfCheckpointFolder.Save(model, dir, T0Sharp.Data.Tokenization.TokenizerLoader.Load(data.TokenizerFile), data.TokenizerFile);
}
