using T0Sharp.Core;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Modular.Contract;
using T0Sharp.Training.Data;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Setup;

/// <summary>
/// Up to <see cref="InstructionText.MaxExamples"/> rendered inputs of each training task, from which modular methods
/// infer the task's instruction: the rendered training files' lines of that task (data.train_files), or the first
/// records of each mixture component rendered with run.seed (data.mixture). Other data sources give none (the tasks
/// then have empty instructions).
/// </summary>
public static class TaskSampleInputs
{
    public static IReadOnlyDictionary<string, List<string>> For(TrainOptions o, IReadOnlyList<string> taskNames)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var wanted = taskNames.ToHashSet(StringComparer.Ordinal);
        void Add(string task, string input)
        {
            if (!wanted.Contains(task)) return;
            if (!result.TryGetValue(task, out var list)) result[task] = list = [];
            if (list.Count < InstructionText.MaxExamples) list.Add(input);
        }
        if (o.Data.TextFiles is not null) return result;
        if (o.Data.TrainFiles is string spec)
        {
            var files = RenderedJsonl.ExpandPaths(spec).Where(f => !Directory.Exists(f) && f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase));
            foreach (var e in files.SelectMany(RenderedJsonl.Read)) Add(e.Task, e.Inputs);
            return result;
        }
        var data = new DatasetDirectory(o.Data.DataDir ?? BuiltInAssets.Datasets);
        var templates = PromptCollectionProvider.Load(o.Data.Templates);
        var fallbacks = o.Data.SplitFallbacks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var mixture = MixtureFile.IsFile(o.Data.Mixture) ? MixtureFile.Load(o.Data.Mixture, data, templates)
            : new MixtureCatalog(data, templates, new MixtureBuildOptions { SplitFallbacks = fallbacks }).Resolve(o.Data.Mixture);
        foreach (var c in mixture.Components)
        {
            if (!wanted.Contains(c.Task.Name) || c.Task.Open(data) is not { } source) continue;
            foreach (var row in source.Read())
            {
                if (c.Task.Process(row, o.Run.Seed, 0) is { } ex) Add(c.Task.Name, ex.Inputs);
                if (result.TryGetValue(c.Task.Name, out var l) && l.Count >= InstructionText.MaxExamples) break;
            }
        }
        return result;
    }
}
