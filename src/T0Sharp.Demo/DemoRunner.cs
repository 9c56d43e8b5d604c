using System.Diagnostics;
using T0Sharp.Evaluation.Running;
using T0Sharp.Training.Progress;
using System.Text.Json;
using T0Sharp.Core;
using T0Sharp.Data.Features;
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
    public static DemoResults Run(DemoOptions o, CancellationToken cancel = default, IProgressDisplay? trainingDisplay = null,
        IEvalProgressHost? evaluation = null)
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
        var heldOutSuite = DemoEvaluation.Suite("synthetic-heldout", SyntheticSuite.HeldOutTasks);
        long parameters = 0;

        // Stage 1: pretraining on the world's text (once; every pretrained condition starts from this checkpoint).
        TrainingSummary? pretraining = null;
        var pretrainedDir = Path.Combine(outDir, "models", "pretrained");
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

        var tables = new Dictionary<string, ItemTable>();
        var details = new List<ConditionDetail>();
        var seen = new Dictionary<string, double>();
        var seenPerTask = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        DemoControls? controls = null;
        foreach (var c in conditions)
        {
            cancel.ThrowIfCancellationRequested();
            using var model = c.Pretrained ? (c.TaskTypes > 0 ? DemoModel.LoadForMultitask(pretrainedDir, o) : PretrainedModel.Load(pretrainedDir))
                : DemoModel.Create(o, data.Tokenizer.VocabSize, o.MultitaskDropout);
            parameters = model.Module.parameters().Sum(p => p.numel());
            TrainingSummary? summary = null;
            string? modelDir = c.Pretrained && c.TaskTypes == 0 ? Path.GetRelativePath(outDir, pretrainedDir) : null;
            if (c.TaskTypes > 0)
            {
                var examples = data.TrainingExamples(c.Tasks, c.OneTemplate);
                // A share of every multitask batch is pretraining text (against forgetting), chunks taken in order
                // with new split points on each pass.
                int mix = c.Pretrained && o.PretrainMixFraction > 0 ? (int)(examples.Count * o.PretrainMixFraction / (1 - o.PretrainMixFraction)) : 0;
                int n = examples.Count;
                TokenizedExample Example(int i, long _) => i < n ? examples[i] : text.Get((i - n) % text.Count, 1 + (i - n) / text.Count);
                var stage = new TrainingStage(c.Name, n + mix, Example, o.Steps, c.Pretrained ? o.LearningRate : o.PretrainLearningRate, o.WarmupSteps,
                    $"multitask training on {string.Join(", ", c.Tasks.Select(t => t.TaskType))}, {(c.OneTemplate ? "one template" : "all templates")} per task" +
                    (c.Pretrained ? $", {o.PretrainMixFraction:P0} pretraining text" : ", from scratch")) { SequenceMean = true };
                summary = DemoTraining.Train(model, stage, o, data.TokenizerFile, Path.Combine(outDir, "train", c.Name), cancel, trainingDisplay);
                var dir = Path.Combine(outDir, "models", c.Name);
                SaveModel(model, data, dir);
                modelDir = Path.GetRelativePath(outDir, dir);
            }
            var evalDir = Path.Combine(outDir, "eval", c.Name);
            DemoEvaluation.Run(model, data, heldOutSuite, evalDir, c.Name, o.HeldOutItemsPerTask, evaluation);
            tables[c.Name] = DemoEvaluation.Items(evalDir, o.HeldOutItemsPerTask);
            if (c.Pretrained && !c.OneTemplate && c.TaskTypes == o.TaskCounts.Max())
            {
                var blank = DemoEvaluation.BlankInput(model, data);
                var seenSuite = DemoEvaluation.Suite("synthetic-seen", SyntheticSuite.TrainingTasks.Where(t => t.IsClassification));
                var seenResults = DemoEvaluation.Run(model, data, seenSuite,
                    Path.Combine(outDir, "eval", c.Name + "_seen"), c.Name + " (training task types)", Math.Min(50, o.HeldOutItemsPerTask), evaluation);
                seen[c.Name] = DemoEvaluation.MedianAccuracy(seenResults);
                seenPerTask[c.Name] = DemoEvaluation.MedianAccuracyPerTask(seenResults);
                Console.WriteLine($"[{c.Name}] training task types' validation data, median over templates: " +
                    string.Join(", ", seenPerTask[c.Name].Select(kv => $"{kv.Key} {kv.Value:F1}")));
                controls = new DemoControls { BlankInput = blank, BlankInputModel = c.Name, SeenTaskTypes = seen, SeenPerTask = seenPerTask };
            }
            details.Add(new ConditionDetail
            {
                Name = c.Name, Description = c.Description, TrainingTasks = c.Tasks.Select(t => t.TaskType).ToList(), Training = summary,
                EvalDir = Path.GetRelativePath(outDir, evalDir), ModelDir = modelDir,
            });
            var (score, _) = DemoStatistics.Summary(tables[c.Name]);
            Console.WriteLine($"[{c.Name}] held-out score {score:F1}% ({string.Join(", ", tables[c.Name].Tasks.Select(kv => $"{kv.Key} " +
                $"{DemoStatistics.Median(kv.Value.Select(x => 100.0 * x.Correct.Count(b => b) / x.Correct.Length).ToList()):F1}"))}) " +
                $"({clock.Elapsed.TotalSeconds:F0} s so far)");
        }

        var boot = DemoStatistics.Bootstrap(tables, o.BootstrapSamples, o.Seed);
        var results = conditions.Select(c => new ConditionResult
        {
            Name = c.Name, Pretrained = c.Pretrained, TrainingTaskTypes = c.TaskTypes, TemplatesPerTask = c.TemplatesPerTask,
            HeldOut = DemoStatistics.HeldOut(tables[c.Name], DemoStatistics.StdDev(boot[c.Name].Select(x => x.Score))),
        }).ToList();
        var demo = new DemoResults
        {
            Chance = DemoEffects.Chance, Conditions = results, Effects = DemoEffects.Compute(o, results, boot),
            Controls = controls ?? new DemoControls { BlankInput = new Dictionary<string, double>(), BlankInputModel = "" },
            Details = details, Pretraining = pretraining, Quick = o.Quick, Seed = o.Seed, VocabSize = data.Tokenizer.VocabSize,
            Parameters = parameters, HeldOutItemsPerTask = o.HeldOutItemsPerTask, Options = o, Seconds = clock.Elapsed.TotalSeconds,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "demo-results.json"),
            JsonSerializer.Serialize(demo, new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        DemoReport.Write(demo, outDir);
        return demo;
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
    static void SaveModel(ILanguageModel model, DemoData data, string dir) =>
        T0Sharp.Training.Checkpoints.HfCheckpointFolder.Save(model, dir, T0Sharp.Data.Tokenization.TokenizerLoader.Load(data.TokenizerFile), data.TokenizerFile);
}
