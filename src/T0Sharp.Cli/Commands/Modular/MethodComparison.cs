using System.Diagnostics;
using System.Globalization;
using System.Text;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Running;
using T0Sharp.Modular;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;

namespace T0Sharp.Cli.Commands.Modular;

/// <summary>What <c>t0sharp modular compare</c> is asked: the training configs (one method each) and the evaluation.</summary>
public sealed record ComparisonRequest
{
    public required IReadOnlyList<string> Configs { get; init; }
    public required string OutDir { get; init; }
    public required EvalRunRequest Eval { get; init; }
    /// <summary>run.max_steps for every config, or null for each config's own.</summary>
    public int? Steps { get; init; }
}

/// <summary>One row of the comparison table.</summary>
public sealed record ComparisonRow(string Name, string Method, long TrainableParameters, IReadOnlyDictionary<string, double> MedianByDataset,
    double AverageMedian, int Examples, double MillisecondsPerExample);

/// <summary>
/// Trains every config's modular method (or PEFT adapter) through the training session, evaluates the base model and
/// each trained adapter on the same suite with the same limit, and tabulates held-out accuracy (median over prompts
/// per dataset, and their average), trainable parameters and the measured evaluation time per scored example.
/// </summary>
public static class MethodComparison
{
    public static IReadOnlyList<ComparisonRow> Run(ComparisonRequest request, Action<string> say)
    {
        Directory.CreateDirectory(request.OutDir);
        var rows = new List<ComparisonRow>();
        string? baseModel = null;
        var trained = new List<(string Name, string Method, string AdapterDir, long Trainable)>();
        foreach (var config in request.Configs)
        {
            var name = Path.GetFileNameWithoutExtension(config);
            var trainDir = Path.Combine(Path.GetFullPath(request.OutDir), name, "train");
            var overrides = new List<string> { $"--run.output_dir={trainDir}", "--logging.progress=none" };
            if (request.Steps is { } steps) overrides.AddRange([$"--run.max_steps={steps}", $"--checkpoint.every_steps={steps}"]);
            var options = OptionsLoader.Load(config, overrides);
            if (options.Model.InitFrom is not { } init) throw new OptionsException($"{config}: modular compare needs model.init_from (the base every method adapts)");
            baseModel ??= init;
            if (Path.GetFullPath(init) != Path.GetFullPath(baseModel)) throw new OptionsException($"{config}: model.init_from {init} differs from {baseModel}: compare methods on one base model");
            say($"training {name} ...");
            var result = TrainingSession.Run(options);
            if (result.LastCheckpoint is not { } checkpoint) throw new InvalidOperationException($"{name}: the run wrote no checkpoint");
            var adapterDir = Path.Combine(checkpoint, T0Sharp.Training.Checkpoints.CheckpointIo.AdapterDir);
            var method = ModularFolder.IsModular(adapterDir) ? "modular " + ModularFolder.ReadConfig(adapterDir).Method : "peft";
            trained.Add((name, method, adapterDir, 0));
        }
        if (baseModel is null) throw new OptionsException("give at least one training config");
        rows.Add(Evaluate("base", "none", baseModel, null, request, say));
        foreach (var (name, method, adapterDir, _) in trained) rows.Add(Evaluate(name, method, baseModel, adapterDir, request, say));
        var table = Table(rows);
        T0Sharp.Core.AtomicFile.WriteAllText(Path.Combine(request.OutDir, "comparison.md"), table);
        return rows;
    }

    static ComparisonRow Evaluate(string name, string method, string baseModel, string? adapterDir, ComparisonRequest request, Action<string> say)
    {
        say($"evaluating {name} ...");
        long trainable = 0;
        var eval = request.Eval with
        {
            ModelDir = baseModel, OutDir = Path.Combine(Path.GetFullPath(request.OutDir), name, "eval"),
            Adapter = adapterDir is null ? null : (lm, tok) =>
            {
                if (ModularFolder.IsModular(adapterDir))
                {
                    var m = ModularModel.Load(lm, adapterDir, ModularRegistry.CreateDefault(), t => tok.Encode(t));
                    trainable = m.TrainableCount;
                    return new EvalAdapter(name + $" ({method})") { PerPrompt = new ModularPromptConditioning(m) };
                }
                var peft = T0Sharp.Peft.PeftSetup.LoadAdapter(lm, adapterDir);
                trainable = T0Sharp.Models.Adaptation.AdaptationPoints.AdapterParameters(lm).Sum(p => p.Parameter.numel());
                return new EvalAdapter(name + " (peft)", null, peft);
            },
        };
        if (Directory.Exists(eval.OutDir)) Directory.Delete(eval.OutDir, recursive: true); // time a fresh run, not a resume
        var clock = Stopwatch.StartNew();
        var results = EvalRun.Execute(eval, NullProgress.Instance);
        clock.Stop();
        var key = results.Primary;
        var medians = results.Datasets.Where(d => d.Spread.ContainsKey(key)).ToDictionary(d => d.Dataset, d => d.Spread[key].Median);
        var examples = results.Templates.Sum(t => t.Examples);
        return new ComparisonRow(name, method, trainable, medians, medians.Count == 0 ? double.NaN : medians.Values.Average(), examples,
            examples == 0 ? double.NaN : clock.Elapsed.TotalMilliseconds / examples);
    }

    /// <summary>The Markdown table: one row per run, one column per dataset (median accuracy over prompts), then the costs.</summary>
    public static string Table(IReadOnlyList<ComparisonRow> rows)
    {
        var datasets = rows.SelectMany(r => r.MedianByDataset.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.Append("| run | method | ").Append(string.Join(" | ", datasets)).Append(" | average | trainable params | examples | ms / example |\n");
        sb.Append("|---|---|").Append(string.Concat(datasets.Select(_ => "---|"))).Append("---|---|---|---|\n");
        string F(double v) => double.IsNaN(v) ? "-" : v.ToString("0.0", CultureInfo.InvariantCulture);
        foreach (var r in rows)
            sb.Append($"| {r.Name} | {r.Method} | ")
              .Append(string.Join(" | ", datasets.Select(d => r.MedianByDataset.TryGetValue(d, out var v) ? F(v) : "-")))
              .Append($" | {F(r.AverageMedian)} | {r.TrainableParameters:N0} | {r.Examples} | {r.MillisecondsPerExample.ToString("0.00", CultureInfo.InvariantCulture)} |\n");
        return sb.ToString();
    }
}
