using T0Sharp.Data.Flipped;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tasks.FewShot;
using T0Sharp.Data.Tasks.Flan;
using T0Sharp.Data.Tasks.SuperNi;

namespace T0Sharp.Data.Mixtures;

/// <summary>
/// A mixture defined in a YAML file: promptsource, FLAN-style and Super-NaturalInstructions tasks side by side.
/// <code>
/// name: my-mixture                     # default: the file name
/// tasks:
///   - promptsource: super_glue/rte     # dataset[/subset]; one task per template
///     split: validation                # default train
///     templates: [GPT-3 style]         # default: all of the collection's templates for it
///   - flan: flan/rte.yaml              # a FLAN-style template file (paths are relative to this file)
///     split: validation
///     shots: 2                         # k-shot prompting (any kind of task); exemplars from exemplar_split
///     exemplar_split: train
///   - super_ni: super_ni/task1.json    # a Super-NaturalInstructions task file
///     max_instances: 100               # Tk-Instruct trains on 100 instances per task
///     definition: true                 # Tk-Instruct's encoding: definition, positive_examples (2),
///     positive_examples: 2             # negative_examples (0), explanation (false), task_name (false)
///   - promptsource: rotten_tomatoes
///     flipped: true                    # Flipped Learning: the instruction becomes the target
///     rate: 500                        # default: the number of records, at most max_rate
/// max_rate: 500000                     # T0's cap
/// </code>
/// Every task name must be unique; unknown keys, missing datasets, templates and files are errors naming the line.
/// </summary>
public static class MixtureFile
{
    static readonly string[] TopKeys = ["name", "tasks", "max_rate"];
    static readonly string[] TaskKeys = ["promptsource", "flan", "super_ni", "split", "templates", "shots", "exemplar_split",
        "rate", "flipped", "max_instances", "definition", "positive_examples", "negative_examples", "explanation", "task_name", "name"];

    /// <summary>True when a --mixture / data.mixture value names a mixture file rather than a registered mixture.</summary>
    public static bool IsFile(string value) =>
        value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    public static Mixture Load(string path, DatasetDirectory data, ITemplateProvider promptsource)
    {
        var y = YamlMap.Load(path);
        var name = y.String("name") ?? Path.GetFileNameWithoutExtension(path);
        var maxRate = y.Double("max_rate") ?? MixingRates.T0MaximumExamples;
        var components = new List<MixtureComponent>();
        foreach (var entry in y.Maps("tasks"))
        {
            foreach (var task in Tasks(entry, data, promptsource))
            {
                if (components.Any(c => c.Task.Name == task.Name))
                    throw entry.Error(null, $"task '{task.Name}' appears twice (give the entry a different 'name')");
                var rate = entry.Double("rate") ?? Math.Min(task.CountRows(data), maxRate);
                if (rate < 0) throw entry.Error(null, "'rate' must not be negative");
                components.Add(new MixtureComponent(task, rate));
            }
            entry.RejectUnknown(TaskKeys);
        }
        y.RejectUnknown(TopKeys);
        if (components.Count == 0) throw y.Error(null, "the mixture has no tasks");
        return new Mixture(name, components);
    }

    static IEnumerable<ITask> Tasks(YamlMap e, DatasetDirectory data, ITemplateProvider promptsource)
    {
        var kinds = new[] { ("promptsource", e.String("promptsource")), ("flan", e.String("flan")), ("super_ni", e.String("super_ni")) }
            .Where(k => k.Item2 != null).ToList();
        if (kinds.Count != 1) throw e.Error(null, "each task needs exactly one of 'promptsource', 'flan' or 'super_ni'");
        var (kind, value) = (kinds[0].Item1, kinds[0].Item2!);
        var split = e.String("split") ?? "train";
        var names = e.Strings("templates");
        var shots = (int)(e.Long("shots") ?? 0);
        var exemplarSplit = e.String("exemplar_split") ?? "train";
        var flipped = e.Bool("flipped") ?? false;
        var customName = e.String("name");
        List<ITask> tasks;
        switch (kind)
        {
            case "super_ni":
            {
                var file = SuperNiTaskFile.Load(e.Resolve(value));
                var encoding = new SuperNiEncoding(e.Bool("task_name") ?? false, e.Bool("definition") ?? true,
                    (int)(e.Long("positive_examples") ?? 2), (int)(e.Long("negative_examples") ?? 0), e.Bool("explanation") ?? false);
                tasks = [new SuperNiTask(file, encoding, (int)(e.Long("max_instances") ?? int.MaxValue), customName)];
                break;
            }
            case "flan":
            {
                var file = FlanTemplateFile.Load(e.Resolve(value));
                tasks = Select(e, file.Templates, names, file.Path)
                    .Select(t => (ITask)new PromptTask(file.Dataset, file.Subset, split, t, Named(customName, TaskNames.Get(file.Dataset, file.Subset, "flan_" + t.Name), file.Templates.Count)))
                    .ToList();
                break;
            }
            default:
            {
                var slash = value.IndexOf('/');
                var (dataset, subset) = slash < 0 ? (value, (string?)null) : (value[..slash], value[(slash + 1)..]);
                var all = promptsource.ForDataset(dataset, subset);
                if (all.Count == 0) throw e.Error(null, $"the template collection has no templates for '{value}'");
                tasks = Select(e, all, names, value)
                    .Select(t => (ITask)new PromptTask(dataset, subset, split, t, Named(customName, TaskNames.Get(dataset, subset, t.Name), all.Count)))
                    .ToList();
                break;
            }
        }
        foreach (var t in tasks)
            if (t.Open(data) == null)
                throw e.Error(null, $"task '{t.Name}': split '{split}' of {t.DatasetKey} is not under {data.Root}");
        if (flipped)
        {
            if (kind == "super_ni") throw e.Error(null, "'flipped' needs a promptsource or FLAN-style template (a Super-NI prompt has no template to split)");
            tasks = tasks.Select(t => (ITask)new FlippedTask((PromptTask)t)).ToList();
        }
        if (shots > 0)
        {
            var fewShot = kind == "flan" ? null : FewShotFormat.Flan;
            tasks = tasks.Select(t => (ITask)new FewShotTask(t, shots,
                fewShot ?? (((PromptTask)t).Template as FlanTemplate)?.FewShot ?? FewShotFormat.Flan, data, exemplarSplit)).ToList();
        }
        return tasks;
    }

    static string Named(string? custom, string name, int count) => custom == null ? name : count == 1 ? custom : custom + "_" + name;

    static IEnumerable<T> Select<T>(YamlMap e, IReadOnlyList<T> all, IReadOnlyList<string>? names, string where) where T : ITaskTemplate
    {
        if (names == null) return all;
        return names.Select(n => all.FirstOrDefault(t => t.Name == n)
            ?? throw e.Error(null, TaskNames.Unknown("template", n, all.Select(t => t.Name)) + $" (in {where})")).ToList();
    }
}
