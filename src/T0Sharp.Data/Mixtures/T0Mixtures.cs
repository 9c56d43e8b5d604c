using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures;

/// <summary>Which splits T0 mixtures read, and what to do when a split is not in the local data folder.</summary>
public sealed record MixtureBuildOptions
{
    /// <summary>Split the training mixtures read (ANLI: train_r1..r3).</summary>
    public string TrainSplit { get; init; } = "train";

    /// <summary>Split the held-out evaluation and checkpoint-selection mixtures read (ANLI: dev_r1..r3).</summary>
    public string EvalSplit { get; init; } = "validation";

    /// <summary>Split the bias and fairness mixture reads (CrowS-Pairs and WinoGender have test splits only).</summary>
    public string BiasFairnessSplit { get; init; } = "test";

    /// <summary>
    /// Splits tried, in order, when the wanted one is missing locally (e.g. validation, test for the bundled
    /// slices, which hold no train splits). Empty (default): a missing split means a missing dataset. Every
    /// substitution is reported in the mixture's warnings.
    /// </summary>
    public IReadOnlyList<string> SplitFallbacks { get; init; } = [];
}

/// <summary>
/// t-zero's eight mixtures (<c>t0/seqio_tasks/tasks.py</c>), named as t-zero names them and resolved against a local
/// data folder and a template collection (<see cref="T0DatasetList"/> gives the datasets):
/// <list type="bullet">
/// <item><c>t0_train</c> (do_train = BASE), <c>t0+_train</c> (+ GPT_EVAL), <c>t0++_train</c> (+ SGLUE): every template of
/// every dataset on its train split.</item>
/// <item><c>t0_train_one_og_prompt</c> and <c>t0_train_all_og_prompts</c> (Figure 6): the BASE datasets with their first,
/// or all, original-task templates (<see cref="T0TemplateRule"/>).</item>
/// <item><c>t0_eval_score_eval</c>, <c>t0_train_score_eval</c>, <c>bias_fairness_eval_score_eval</c>: the rank-classification
/// tasks (see <c>T0Mixtures.ScoreEval.cs</c>).</item>
/// </list>
/// Training rates are t-zero's <c>mixture_cap</c> (<see cref="MixingRates.T0"/>) from the full training size in datasets.csv
/// (the local count when the csv has none) and the dataset's number of templates, all of them, whatever the rule keeps.
/// t-zero's exclusion lists apply (<see cref="T0TemplateRules"/>). Datasets, splits or templates missing locally become
/// warnings on the mixture, never silent drops.
/// </summary>
public sealed partial class T0Mixtures
{
    public const string T0Train = "t0_train", T0PlusTrain = "t0+_train", T0PlusPlusTrain = "t0++_train";
    public const string T0TrainOneOgPrompt = "t0_train_one_og_prompt", T0TrainAllOgPrompts = "t0_train_all_og_prompts";
    public const string T0EvalScoreEval = "t0_eval_score_eval", T0TrainScoreEval = "t0_train_score_eval";
    public const string BiasFairnessEvalScoreEval = "bias_fairness_eval_score_eval";

    /// <summary>The eight names, in t-zero's order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [T0Train, T0PlusTrain, T0PlusPlusTrain, T0EvalScoreEval, T0TrainScoreEval, T0TrainOneOgPrompt, T0TrainAllOgPrompts, BiasFairnessEvalScoreEval];

    readonly T0DatasetList _lists;
    readonly DatasetDirectory _data;
    readonly ITemplateProvider _templates;
    readonly MixtureBuildOptions _options;

    public T0Mixtures(T0DatasetList lists, DatasetDirectory data, ITemplateProvider templates, MixtureBuildOptions? options = null)
    {
        _lists = lists; _data = data; _templates = templates; _options = options ?? new MixtureBuildOptions();
    }

    /// <summary>A registry holding the eight mixtures (each built lazily on first use).</summary>
    public MixtureRegistry CreateRegistry()
    {
        var r = new MixtureRegistry();
        r.Add(T0Train, "T0 training mixture: 38 datasets (do_train=BASE), all prompts", () => Training(T0Train, "BASE"));
        r.Add(T0PlusTrain, "T0+ training mixture: T0 + GPT-3 eval datasets, all prompts", () => Training(T0PlusTrain, "BASE", "GPT_EVAL"));
        r.Add(T0PlusPlusTrain, "T0++ training mixture: T0+ + SuperGLUE, all prompts", () => Training(T0PlusPlusTrain, "BASE", "GPT_EVAL", "SGLUE"));
        r.Add(T0EvalScoreEval, "held-out evaluation: 11 datasets, original-task prompts with choices, validation splits", HeldOutScoreEval);
        r.Add(T0TrainScoreEval, "checkpoint selection: T0 training datasets' validation splits, original-task prompts with choices", TrainScoreEval);
        r.Add(T0TrainOneOgPrompt, "Figure 6, p=1: T0 training datasets, one original-task prompt each", () => Training(T0TrainOneOgPrompt, T0TemplateRule.FirstOriginalTask, "BASE"));
        r.Add(T0TrainAllOgPrompts, "Figure 6: T0 training datasets, all original-task prompts", () => Training(T0TrainAllOgPrompts, T0TemplateRule.AllOriginalTask, "BASE"));
        r.Add(BiasFairnessEvalScoreEval, "Appendix B3: CrowS-Pairs and WinoGender (super_glue/axg), prompts with choices, test splits", BiasFairnessScoreEval);
        return r;
    }

    /// <summary>
    /// Every task that can be named alone: T0++'s training tasks, then the score-eval tasks (<c>…_score_eval</c>), each of
    /// those also under its base name when no training task has it (e.g. <c>super_glue_rte_GPT_3_style</c> on validation).
    /// </summary>
    public TaskRegistry AllTasks()
    {
        var reg = new TaskRegistry();
        foreach (var c in Training(T0PlusPlusTrain, "BASE", "GPT_EVAL", "SGLUE").Components) reg.Add(c.Task);
        var scoreEval = HeldOutScoreEval().Components.Concat(TrainScoreEval().Components).Concat(BiasFairnessScoreEval().Components).ToList();
        foreach (var c in scoreEval)
            if (!reg.Contains(c.Task.Name)) reg.Add(c.Task);
        foreach (var c in scoreEval)
        {
            var baseName = c.Task.Name[..^T0TemplateRules.ScoreEvalSuffix.Length];
            if (!reg.Contains(baseName) && c.Task is PromptTask p) reg.Add(new PromptTask(p.Dataset, p.Subset, p.Split, p.Template, baseName));
        }
        return reg;
    }

    /// <summary>A training mixture of every template of the datasets whose do_train is one of <paramref name="groups"/>.</summary>
    public Mixture Training(string name, params string[] groups) => Training(name, T0TemplateRule.All, groups);

    /// <summary>A training mixture of the templates <paramref name="rule"/> keeps, on the train split (ANLI: train_r1..r3).</summary>
    public Mixture Training(string name, T0TemplateRule rule, params string[] groups)
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
            double rate = MixingRates.T0(size, templates.Count);   // t-zero caps with the count of all templates, whatever the rule keeps
            foreach (var t in T0TemplateRules.Select(templates, rule))
                foreach (var (split, suffix) in splits)
                {
                    var task = new PromptTask(entry.Dataset, entry.Subset, split, t, TaskNames.Get(entry.Dataset, entry.Subset, t.Name) + suffix);
                    if (T0TemplateRules.TaskBlacklist.Contains(task.Name)) continue;
                    components.Add(new MixtureComponent(task, rate));
                }
        }
        if (missing.Count > 0)
            warnings.Insert(0, $"{missing.Count} dataset(s) of {name} missing under {_data.Root} (no '{_options.TrainSplit}' split" +
                (_options.SplitFallbacks.Count > 0 ? " nor " + string.Join("/", _options.SplitFallbacks) : "") + "): " + string.Join(", ", missing));
        return new Mixture(name, components, warnings);
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
