using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures;

/// <summary>Which splits T0 mixtures read, and what to do when a split is not in the local data folder.</summary>
public sealed record MixtureBuildOptions
{
    /// <summary>Split the training mixtures read (ANLI: train_r1..r3).</summary>
    public string TrainSplit { get; init; } = "train";

    /// <summary>Split the held-out evaluation suite reads (ANLI: dev_r1..r3).</summary>
    public string EvalSplit { get; init; } = "validation";

    /// <summary>
    /// Splits tried, in order, when the wanted one is missing locally (e.g. validation, test for the bundled
    /// slices, which hold no train splits). Empty (default): a missing split means a missing dataset. Every
    /// substitution is reported in the mixture's warnings.
    /// </summary>
    public IReadOnlyList<string> SplitFallbacks { get; init; } = [];
}

/// <summary>
/// T0's mixtures from t-zero's lists (<see cref="T0DatasetList"/>), resolved against a local data folder and a
/// template collection:
/// <list type="bullet">
/// <item><c>t0_train</c> (do_train = BASE), <c>t0+_train</c> (+ GPT_EVAL), <c>t0++_train</c> (+ SGLUE): every template of
/// every dataset, rate = <see cref="MixingRates.T0"/> using the full training size from datasets.csv (the local
/// count when the csv has none), t-zero's blacklist (<c>gigaword_summarize_</c>) applied.</item>
/// <item><c>t0_eval</c>: the held-out datasets (do_eval = BASE) with the original-task templates of
/// eval_template_list.csv on their validation splits (ANLI: one task per round), rate = local examples (≤ 500k).</item>
/// </list>
/// Datasets, splits or templates missing locally become warnings on the mixture, never silent drops.
/// </summary>
public sealed class T0Mixtures
{
    public const string T0Train = "t0_train", T0PlusTrain = "t0+_train", T0PlusPlusTrain = "t0++_train", T0Eval = "t0_eval";
    static readonly string[] Blacklist = ["gigaword_summarize_"];

    readonly T0DatasetList _lists;
    readonly DatasetDirectory _data;
    readonly ITemplateProvider _templates;
    readonly MixtureBuildOptions _options;

    public T0Mixtures(T0DatasetList lists, DatasetDirectory data, ITemplateProvider templates, MixtureBuildOptions? options = null)
    {
        _lists = lists; _data = data; _templates = templates; _options = options ?? new MixtureBuildOptions();
    }

    /// <summary>A registry holding the four T0 mixtures (built lazily on first use).</summary>
    public MixtureRegistry CreateRegistry()
    {
        var r = new MixtureRegistry();
        r.Add(T0Train, "T0 training mixture: 38 datasets (do_train=BASE), all templates", () => Training(T0Train, "BASE"));
        r.Add(T0PlusTrain, "T0+ training mixture: T0 + GPT-3 eval datasets", () => Training(T0PlusTrain, "BASE", "GPT_EVAL"));
        r.Add(T0PlusPlusTrain, "T0++ training mixture: T0+ + SuperGLUE", () => Training(T0PlusPlusTrain, "BASE", "GPT_EVAL", "SGLUE"));
        r.Add(T0Eval, "held-out evaluation suite: 11 datasets, original-task templates, validation splits", HeldOutEvaluation);
        return r;
    }

    /// <summary>Every task of the T0++ training mixture and the evaluation suite (training tasks first on a name clash).</summary>
    public TaskRegistry AllTasks()
    {
        var reg = new TaskRegistry();
        foreach (var c in Training(T0PlusPlusTrain, "BASE", "GPT_EVAL", "SGLUE").Components.Concat(HeldOutEvaluation().Components))
            if (!reg.Contains(c.Task.Name)) reg.Add(c.Task);
        return reg;
    }

    public Mixture Training(string name, params string[] groups)
    {
        var warnings = new List<string>();
        var missing = new List<string>();
        var components = new List<MixtureComponent>();
        foreach (var entry in _lists.Training(groups))
        {
            var templates = _templates.ForDataset(entry.Dataset, entry.Subset);
            if (templates.Count == 0) { warnings.Add($"{entry.Key}: the template collection has no templates for it"); continue; }
            var splits = ResolveSplits(entry, _options.TrainSplit, warnings, missing);
            if (splits == null) continue;
            long size = entry.TrainSize ?? splits.Sum(s => _data.CountRows(entry.Dataset, entry.Subset, s.Split));
            double rate = MixingRates.T0(size, templates.Count);
            foreach (var t in templates)
                foreach (var (split, suffix) in splits)
                {
                    var task = new PromptTask(entry.Dataset, entry.Subset, split, t, TaskNames.Get(entry.Dataset, entry.Subset, t.Name) + suffix);
                    if (Blacklist.Any(b => task.Name.StartsWith(b, StringComparison.Ordinal))) continue;
                    components.Add(new MixtureComponent(task, rate));
                }
        }
        if (missing.Count > 0)
            warnings.Insert(0, $"{missing.Count} dataset(s) of {name} missing under {_data.Root} (no '{_options.TrainSplit}' split" +
                (_options.SplitFallbacks.Count > 0 ? " nor " + string.Join("/", _options.SplitFallbacks) : "") + "): " + string.Join(", ", missing));
        return new Mixture(name, components, warnings);
    }

    public Mixture HeldOutEvaluation()
    {
        var warnings = new List<string>();
        var missing = new List<string>();
        var components = new List<MixtureComponent>();
        foreach (var entry in _lists.HeldOut)
        {
            var wanted = _lists.EvalTemplates.Where(e => e.Dataset == entry.Dataset && e.Subset == entry.Subset).Select(e => e.Template).ToList();
            var available = _templates.ForDataset(entry.Dataset, entry.Subset);
            var templates = available.Where(t => wanted.Contains(t.Name)).ToList();
            foreach (var w in wanted.Where(w => available.All(t => t.Name != w)))
                warnings.Add($"{entry.Key}: evaluation template '{w}' is not in the template collection");
            if (templates.Count == 0) { if (wanted.Count == 0) warnings.Add($"{entry.Key}: no evaluation templates listed"); continue; }
            var splits = ResolveSplits(entry, _options.EvalSplit, warnings, missing);
            if (splits == null) continue;
            foreach (var t in templates)
                foreach (var (split, suffix) in splits)
                {
                    var task = new PromptTask(entry.Dataset, entry.Subset, split, t, TaskNames.Get(entry.Dataset, entry.Subset, t.Name) + suffix);
                    components.Add(new MixtureComponent(task, MixingRates.NumExamples(_data.CountRows(entry.Dataset, entry.Subset, split), MixingRates.T0MaximumExamples)));
                }
        }
        if (missing.Count > 0)
            warnings.Insert(0, $"{missing.Count} held-out dataset(s) missing under {_data.Root} (no '{_options.EvalSplit}' split): " + string.Join(", ", missing));
        return new Mixture(T0Eval, components, warnings);
    }

    /// <summary>The local split(s) for an entry ("anli" expands to its three rounds), or null when missing.</summary>
    List<(string Split, string Suffix)>? ResolveSplits(T0DatasetEntry entry, string split, List<string> warnings, List<string> missing)
    {
        var result = new List<(string, string)>();
        foreach (var (wanted, suffix) in Expand(entry.Dataset, split))
        {
            string? found = _data.FindSplitFile(entry.Dataset, entry.Subset, wanted) != null ? wanted : null;
            if (found == null)
                foreach (var fb in _options.SplitFallbacks)
                {
                    var (alt, _) = Expand(entry.Dataset, fb).First(x => x.Suffix == suffix);
                    if (_data.FindSplitFile(entry.Dataset, entry.Subset, alt) == null) continue;
                    warnings.Add($"{entry.Key}: no '{wanted}' split locally, using '{alt}'");
                    found = alt;
                    break;
                }
            if (found == null) { missing.Add(entry.Key + (suffix.Length > 0 ? $" ({wanted})" : "")); continue; }
            result.Add((found, suffix));
        }
        return result.Count == 0 ? null : result;
    }

    /// <summary>ANLI stores rounds as separate splits (train_r1, dev_r1, test_r1...) and t-zero makes one task per round.</summary>
    static IEnumerable<(string Split, string Suffix)> Expand(string dataset, string split)
    {
        if (dataset != "anli") { yield return (split, ""); yield break; }
        var prefix = split switch { "validation" => "dev", var s => s };
        foreach (var r in new[] { "r1", "r2", "r3" }) yield return ($"{prefix}_{r}", "_" + r);
    }
}
