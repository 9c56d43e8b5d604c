using System.Diagnostics;
using T0Sharp.Evaluation.Running;
using T0Sharp.Training.Progress;
using System.Text.Json;
using T0Sharp.Core;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Models;
using T0Sharp.Prompts.Templates;
using T0Sharp.Synthetic;

namespace T0Sharp.Demo;

/// <summary>
/// The T0 experiments in miniature: the same small T5, trained from scratch with the same number of steps on
/// (a) nothing, (b) one training cluster, (c) half of them, (d) all of them, and (e) all of them with one
/// template per task, then evaluated zero-shot on the held-out clusters (whole task types never trained on).
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
        var suite = data.Suite;
        var heldOut = suite.HeldOutClusters;
        var heldOutSuite = DemoEvaluation.SyntheticSuite("synthetic-heldout", heldOut.SelectMany(c => c.Tasks));
        var seenSuite = DemoEvaluation.SyntheticSuite("synthetic-seen",
            suite.TrainingClusters.Where(c => c.IsClassification).SelectMany(c => c.Tasks));
        Console.WriteLine($"synthetic suite: {suite.Tasks.Count()} tasks in {suite.Clusters.Count} clusters; training clusters " +
                          $"{string.Join(", ", SyntheticSuite.TrainingClusterNames)}; held out {string.Join(", ", SyntheticSuite.HeldOutClusterNames)}");
        Console.WriteLine($"compact vocabulary: {data.Tokenizer.VocabSize} of T5's 32,100 pieces");

        var training = SyntheticSuite.TrainingClusterNames;
        var conditions = new (string Name, string Description, IReadOnlyList<string> Clusters, bool OneTemplate)[]
        {
            ("untrained", "(a) no training", [], false),
            ("one_cluster", "(b) one training cluster", [training[0]], false),
            ("half_clusters", "(c) half of the training clusters", training.Take(training.Count / 2).ToList(), false),
            ("all_clusters", "(d) all training clusters", training, false),
            ("all_clusters_one_template", "(d') all training clusters, one template per task", training, true),
        };
        var results = new List<ConditionResult>();
        long parameters = 0;
        IReadOnlyDictionary<string, double>? real = null;
        IReadOnlyList<string> realMissing = [];
        foreach (var c in conditions.Where(c => o.Conditions == null || o.Conditions.Contains(c.Name)))
        {
            cancel.ThrowIfCancellationRequested();
            using var model = DemoModel.Create(o, data.Tokenizer.VocabSize);
            parameters = model.Module.parameters().Sum(p => p.numel());
            TrainingSummary? summary = c.Clusters.Count == 0 ? null
                : DemoTraining.Train(model, data, o, c.Name, c.Clusters, c.OneTemplate, Path.Combine(outDir, "train", c.Name), cancel, trainingDisplay);
            var evalDir = Path.Combine(outDir, "eval", c.Name);
            var heldOutResults = DemoEvaluation.Run(model, data, heldOutSuite, evalDir, c.Name, o.EvalExamplesPerTask, data.Templates, data.DataDir, evaluation);
            double? seen = null;
            if (c.Name is "untrained" or "all_clusters")
            {
                var seenResults = DemoEvaluation.Run(model, data, seenSuite, Path.Combine(outDir, "eval", c.Name + "_seen"), c.Name + " (seen task types)",
                    o.EvalExamplesPerTask, data.Templates, data.DataDir, evaluation);
                seen = DemoEvaluation.Median(DemoEvaluation.TemplateAccuracies(seenResults, suite.TrainingClusters.SelectMany(k => k.Tasks)));
            }
            if (c.Name == "all_clusters" && o.RealEvalExamplesPerDataset > 0)
                (real, realMissing) = EvaluateRealT0(model, data, o, Path.Combine(outDir, "eval", "t0_heldout_real"), evaluation);
            var result = new ConditionResult
            {
                Condition = c.Name, Description = c.Description, TrainingClusters = c.Clusters,
                TemplatesPerTask = c.OneTemplate ? "one" : "all", Training = summary,
                HeldOutMedian = DemoEvaluation.Median(DemoEvaluation.TemplateAccuracies(heldOutResults, heldOut.SelectMany(k => k.Tasks))),
                HeldOutClusterMedians = heldOut.ToDictionary(k => k.Name, k => DemoEvaluation.ClusterMedian(heldOutResults, k)),
                HeldOutTemplateAccuracies = DemoEvaluation.TemplateAccuracies(heldOutResults, heldOut.SelectMany(k => k.Tasks)),
                SeenMedian = seen, EvalDir = Path.GetRelativePath(outDir, evalDir), HeldOut = heldOutResults,
            };
            results.Add(result);
            Console.WriteLine($"[{c.Name}] held-out median accuracy {result.HeldOutMedian:F1}%" +
                              (seen is double s ? $", seen task types {s:F1}%" : "") + $" ({clock.Elapsed.TotalSeconds:F0} s so far)");
        }
        var demo = new DemoResults
        {
            Quick = o.Quick, Seed = o.Seed, VocabSize = data.Tokenizer.VocabSize, Parameters = parameters, Options = o,
            HeldOutExamplesPerTemplate = o.EvalExamplesPerTask, Conditions = results,
            RealT0HeldOut = real, RealT0Missing = realMissing, Seconds = clock.Elapsed.TotalSeconds,
        };
        AtomicFile.WriteAllText(Path.Combine(outDir, "demo-results.json"),
            JsonSerializer.Serialize(demo, new JsonSerializerOptions { WriteIndented = true }));
        DemoReport.Write(demo, outDir);
        return demo;
    }

    /// <summary>The bundled real T0 held-out sets (original-task templates, first rows only): a from-scratch model on a compact vocabulary is expected near chance.</summary>
    static (IReadOnlyDictionary<string, double>, IReadOnlyList<string>) EvaluateRealT0(ILanguageModel model, DemoData data, DemoOptions o, string dir,
        IEvalProgressHost? evaluation)
    {
        var suite = SuiteCatalog.Get("t0");
        var results = DemoEvaluation.Run(model, data, suite, dir, "all_clusters on real T0 held-out sets", o.RealEvalExamplesPerDataset,
            TemplateCollection.Default, BuiltInAssets.Datasets, evaluation);
        var medians = results.Datasets.Where(d => d.Spread.ContainsKey("acc_sum"))
            .ToDictionary(d => results.Label(d.Dataset), d => d.Spread["acc_sum"].Median);
        return (medians, results.Missing.Select(m => $"{m.Dataset}: {m.Reason}").ToList());
    }
}
