using T0Sharp.Evaluation.Reports;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Models;
using T0Sharp.Prompts.Templates;
using T0Sharp.Synthetic;

namespace T0Sharp.Demo;

/// <summary>Zero-shot evaluation of a demo model with T0Sharp's evaluator (rank classification over answer choices).</summary>
public static class DemoEvaluation
{
    /// <summary>The suite of the given synthetic tasks' validation splits, all templates, scored by rank classification.</summary>
    public static EvalSuite SyntheticSuite(string name, IEnumerable<SyntheticTask> tasks) => new(name, tasks.Select(t => new EvalTask
    {
        Name = t.Name, Label = t.Name.Replace("syn_", ""), Dataset = t.Name, Split = "validation",
        OriginalTaskOnly = false, Mode = EvalMode.Rank,
    }).ToList());

    /// <summary>Evaluates <paramref name="model"/> on <paramref name="suite"/> into a fresh <paramref name="outDir"/> and writes its reports.</summary>
    public static RunResults Run(ILanguageModel model, DemoData data, EvalSuite suite, string outDir, string runName,
        int limit, TemplateCollection templates, string dataDir, IEvalProgressHost? progress = null)
    {
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true); // a demo run starts clean; no resume across runs
        model.Module.eval();
        var evalModel = ModelLoader.Wrap(model, data.Tokenizer, runName);
        var factory = new PromptedDatasetFactory(new PromptsourceTemplates(templates), dataDir);
        var options = new EvaluatorOptions { Limit = limit, BatchSize = 16, RunName = runName, MaxInputTokens = 512 };
        var results = (progress ?? PlainEvalProgress.Instance).Run(p => new Evaluator(evalModel, factory, options, p).Run(suite, outDir));
        ReportWriter.WriteAll(results, outDir);
        return results;
    }

    /// <summary>Median over (task, template) accuracies of the tasks in <paramref name="cluster"/> (rank classification, sum of log-probs).</summary>
    public static double ClusterMedian(RunResults results, SyntheticCluster cluster) =>
        Median(results.Templates.Where(t => cluster.Tasks.Any(k => k.Name == t.Dataset) && t.Scores.ContainsKey("acc_sum"))
            .Select(t => t.Scores["acc_sum"]));

    /// <summary>Per-template accuracies (acc_sum, percent) of the given tasks.</summary>
    public static List<double> TemplateAccuracies(RunResults results, IEnumerable<SyntheticTask> tasks)
    {
        var names = tasks.Select(t => t.Name).ToHashSet();
        return results.Templates.Where(t => names.Contains(t.Dataset) && t.Scores.ContainsKey("acc_sum")).Select(t => t.Scores["acc_sum"]).ToList();
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
