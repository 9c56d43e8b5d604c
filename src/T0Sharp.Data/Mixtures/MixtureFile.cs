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
///   - mixture: xp3                     # every task of a registered mixture, with its rates
///   - promptsource: xquad/xquad.el     # a new language's data...
///     templates_from: xquad/xquad.en   # ...prompted with another config's templates (xP3's English prompts)
///     share: 0.1                       # instead of rate: this entry's fraction of all draws
/// max_rate: 500000                     # T0's cap
/// </code>
/// Every task name must be unique; unknown keys, missing datasets, templates and files are errors naming the line.
/// <para>
/// <c>share: s</c> gives an entry's tasks s of the mixture's draws, split among them by their (capped) record
/// counts: with R the sum of the other entries' rates and S the sum of all shares (below 1), the entry's rates sum to
/// s·R / (1 − S). That is how a language joins xP3 with a chosen weight, as BLOOMZ weighted xP3's languages.
/// </para>
/// </summary>
public static class MixtureFile
{
    static readonly string[] TopKeys = ["name", "tasks", "max_rate"];
    static readonly string[] TaskKeys = ["promptsource", "flan", "super_ni", "mixture", "templates_from", "split", "templates", "shots", "exemplar_split",
        "rate", "share", "flipped", "max_instances", "definition", "positive_examples", "negative_examples", "explanation", "task_name", "name"];

    /// <summary>True when a --mixture / data.mixture value names a mixture file rather than a registered mixture.</summary>
    public static bool IsFile(string value) =>
        value.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || value.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <param name="mixtures">Resolves a registered mixture's name for <c>mixture:</c> entries (a <see cref="MixtureCatalog"/>'s
    /// <c>Resolve</c>); null refuses them.</param>
    public static Mixture Load(string path, DatasetDirectory data, ITemplateProvider promptsource, Func<string, Mixture>? mixtures = null)
    {
        var y = YamlMap.Load(path);
        var name = y.String("name") ?? Path.GetFileNameWithoutExtension(path);
        var maxRate = y.Double("max_rate") ?? MixingRates.T0MaximumExamples;
        var components = new List<MixtureComponent>();
        var warnings = new List<string>();
        var shared = new List<(double Share, List<int> Indices, YamlMap Entry)>();
        void Add(YamlMap entry, ITask task, double rate)
        {
            if (components.Any(c => c.Task.Name == task.Name))
                throw entry.Error(null, $"task '{task.Name}' appears twice (give the entry a different 'name')");
            components.Add(new MixtureComponent(task, rate));
        }
        foreach (var entry in y.Maps("tasks"))
        {
            if (entry.String("mixture") is { } included)
            {
                if (mixtures is null) throw entry.Error(null, "'mixture' entries are not available here");
                var other = entry.Keys.Where(k => k != "mixture").ToList();
                if (other.Count > 0) throw entry.Error(null, $"a 'mixture' entry takes no other keys (found '{other[0]}')");
                Mixture m;
                try { m = mixtures(included); }
                catch (KeyNotFoundException e) { throw entry.Error(null, e.Message); }
                foreach (var c in m.Components) Add(entry, c.Task, c.Rate);
                warnings.AddRange(m.Warnings);
                continue;
            }
            var share = entry.Double("share");
            if (share is { } sh && (entry.Double("rate") is not null || !(sh > 0 && sh < 1)))
                throw entry.Error(null, entry.Double("rate") is not null ? "give 'rate' or 'share', not both" : $"'share' must be in (0, 1), not {sh}");
            var indices = new List<int>();
            foreach (var task in Tasks(entry, data, promptsource))
            {
                var rate = entry.Double("rate") ?? Math.Min(task.CountRows(data), maxRate);
                if (rate < 0) throw entry.Error(null, "'rate' must not be negative");
                indices.Add(components.Count);
                Add(entry, task, rate);
            }
            if (share is { } s) shared.Add((s, indices, entry));
            entry.RejectUnknown(TaskKeys);
        }
        y.RejectUnknown(TopKeys);
        if (components.Count == 0) throw y.Error(null, "the mixture has no tasks");
        if (shared.Count > 0) ApplyShares(components, shared, y);
        return new Mixture(name, components, warnings);
    }

    static void ApplyShares(List<MixtureComponent> components, List<(double Share, List<int> Indices, YamlMap Entry)> shared, YamlMap y)
    {
        var shareTotal = shared.Sum(s => s.Share);
        var inShared = shared.SelectMany(s => s.Indices).ToHashSet();
        var rest = components.Where((_, i) => !inShared.Contains(i)).Sum(c => c.Rate);
        if (shareTotal >= 1) throw y.Error(null, $"the shares add up to {shareTotal}; they must stay below 1");
        if (rest <= 0) throw y.Error(null, "'share' needs other tasks with rates to be a share of");
        foreach (var (share, indices, entry) in shared)
        {
            var counts = indices.Select(i => components[i].Rate).ToList();
            var total = counts.Sum();
            if (total <= 0) throw entry.Error(null, "the entry's tasks have no records to share the draws by");
            var target = share * rest / (1 - shareTotal);
            foreach (var i in indices) components[i] = components[i] with { Rate = target * components[i].Rate / total };
        }
    }

    static IEnumerable<ITask> Tasks(YamlMap e, DatasetDirectory data, ITemplateProvider promptsource)
    {
        var kinds = new[] { ("promptsource", e.String("promptsource")), ("flan", e.String("flan")), ("super_ni", e.String("super_ni")) }
            .Where(k => k.Item2 != null).ToList();
        if (kinds.Count != 1) throw e.Error(null, "each task needs exactly one of 'promptsource', 'flan', 'super_ni' or 'mixture'");
        var (kind, value) = (kinds[0].Item1, kinds[0].Item2!);
        if (kind != "promptsource" && e.String("templates_from") is not null) throw e.Error(null, "'templates_from' goes with 'promptsource' entries");
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
                // templates_from: another config's prompts (xP3 prompts every language of a dataset with its English config's)
                var from = e.String("templates_from") ?? value;
                var fromSlash = from.IndexOf('/');
                var all = promptsource.ForDataset(fromSlash < 0 ? from : from[..fromSlash], fromSlash < 0 ? null : from[(fromSlash + 1)..]);
                if (all.Count == 0) throw e.Error(null, $"the template collection has no templates for '{from}'");
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
