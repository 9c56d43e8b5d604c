using T0Sharp.Data.Features;
using T0Sharp.Evaluation.Reports;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Suites;
using T0Sharp.Models;
using T0Sharp.Prompts.Templates;
using T0Sharp.Synthetic;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;

namespace T0Sharp.Demo;

/// <summary>Zero-shot evaluation of a demo model with T0Sharp's evaluator (rank classification over answer choices).</summary>
public static class DemoEvaluation
{
    /// <summary>The suite of the given synthetic tasks' validation splits, all templates, scored by rank classification.</summary>
    public static EvalSuite Suite(string name, IEnumerable<SyntheticTask> tasks) => new(name, tasks.Select(t => new EvalTask
    {
        Name = t.Name, Label = t.TaskType, Dataset = t.Name, Split = "validation",
        OriginalTaskOnly = false, Mode = EvalMode.Rank,
    }).ToList());

    /// <summary>Evaluates <paramref name="model"/> on <paramref name="suite"/> into a fresh <paramref name="outDir"/> and writes its
    /// reports, with the suite's templates or those of <paramref name="templates"/>.</summary>
    public static RunResults Run(ILanguageModel model, DemoData data, EvalSuite suite, string outDir, string runName, int limit,
        IEvalProgressHost? progress = null, TemplateCollection? templates = null)
    {
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true); // a demo run starts clean; no resume across runs
        model.Module.eval();
        var evalModel = ModelLoader.Wrap(model, data.Tokenizer, runName);
        var factory = new PromptedDatasetFactory(new PromptsourceTemplates(templates ?? data.Templates), data.DataDir);
        var options = new EvaluatorOptions { Limit = limit, BatchSize = 32, RunName = runName, MaxInputTokens = 512 };
        var results = (progress ?? PlainEvalProgress.Instance).Run(p => new Evaluator(evalModel, factory, options, p).Run(suite, outDir));
        ReportWriter.WriteAll(results, outDir);
        return results;
    }

    /// <summary>Item-level correctness of the held-out task types (or of <paramref name="tasks"/>) from an evaluation folder.</summary>
    public static ItemTable Items(string evalDir, int items, IEnumerable<SyntheticTask>? tasks = null) =>
        ItemTable.FromRecords(ResultStore.ReadAll(Path.Combine(evalDir, "examples.jsonl")),
            (tasks ?? SyntheticSuite.HeldOutTasks).ToDictionary(t => t.Name, t => t.TaskType), items);

    /// <summary>Validation rows per template for the new-wording evaluation of the training task types.</summary>
    public static int NewWordingItems(DemoOptions o) => Math.Min(100, o.HeldOutItemsPerTask);

    /// <summary>
    /// The answer prior: accuracy (%) per held-out task type when every input is blank (the model sees only EOS and
    /// scores each template's answer choices), over every (item, template). With balanced labels a model that ignores
    /// its input scores 50%; a prior far from 50% would mean answer strings alone give the answer away.
    /// </summary>
    public static Dictionary<string, double> BlankInput(ILanguageModel model, DemoData data)
    {
        model.Module.eval();
        var adapter = new LanguageModelAdapter(model);
        var result = new Dictionary<string, double>();
        var eos = EosConvention.TrainingDefault;
        foreach (var task in SyntheticSuite.HeldOutTasks)
        {
            var items = new List<RankItem>();
            foreach (var ex in data.Render(task, "validation", oneTemplate: false))
                {
                    var choices = ex.AnswerChoices ?? throw new InvalidOperationException($"{task.Name}: template without answer choices");
                    int label = choices.ToList().IndexOf(ex.Targets.Trim());
                    if (label < 0) continue;
                    int[] input = [data.Tokenizer.EosId]; // blank: the encoder sees only EOS
                    items.Add(new RankItem(task.Name, input, choices.Select(c => eos.Tokenize(data.Tokenizer, "", c, -1).Targets).ToArray(), label));
                }
            var scores = new List<double[]>();
            for (int i = 0; i < items.Count; i += 64) scores.AddRange(adapter.ScoreChoices(items.Skip(i).Take(64).ToList()));
            int correct = items.Zip(scores).Count(p => Array.IndexOf(p.Second, p.Second.Max()) == p.First.Label);
            result[task.TaskType] = items.Count == 0 ? double.NaN : 100.0 * correct / items.Count;
        }
        result["mean"] = result.Values.Average();
        return result;
    }

    /// <summary>Median accuracy (%) over the templates of each task type of an evaluation, by task type.</summary>
    public static Dictionary<string, double> MedianAccuracyPerTask(RunResults results) =>
        results.Templates.Where(t => t.Scores.ContainsKey("acc_sum")).GroupBy(t => SyntheticSuite.Task(t.Dataset).TaskType)
            .ToDictionary(g => g.Key, g => DemoStatistics.Median(g.Select(t => t.Scores["acc_sum"]).ToList()));

    /// <summary>Median accuracy (%) over (task, template) pairs of an evaluation.</summary>
    public static double MedianAccuracy(RunResults results) =>
        DemoStatistics.Median(results.Templates.Where(t => t.Scores.ContainsKey("acc_sum")).Select(t => t.Scores["acc_sum"]).ToList());
}
