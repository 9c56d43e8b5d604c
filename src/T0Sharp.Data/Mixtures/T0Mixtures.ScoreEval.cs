using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures;

/// <summary>
/// t-zero's three rank-classification mixtures. t-zero registers a <c>&lt;task&gt;_score_eval</c> task for every template
/// with answer choices and builds these mixtures from them; the components here carry those names. Each task reads
/// one split; its rate is seqio's <c>mixing_rate_num_examples(maximum=500_000)</c> over the local records (the
/// rate does not matter for evaluation, where every task is scored on its own).
/// </summary>
public sealed partial class T0Mixtures
{
    /// <summary>
    /// <c>t0_eval_score_eval</c>: the held-out datasets (do_eval = BASE) with their original-task templates that have
    /// answer choices (ANLI: one task per round), on validation splits. On the bundled collections this is exactly
    /// the 86-template list of t-zero's <c>evaluation/template_list.py</c> (116 tasks with ANLI's rounds).
    /// </summary>
    public Mixture HeldOutScoreEval() =>
        ScoreEval(T0EvalScoreEval, _lists.HeldOut, _options.EvalSplit,
            t => t.OriginalTask && t.HasAnswerChoices,
            (baseName, _) => !T0TemplateRules.TaskBlacklist.Contains(baseName));

    /// <summary>
    /// <c>t0_train_score_eval</c> (checkpoint selection): the T0 training datasets (BASE) with their original-task
    /// templates that have answer choices, on validation splits, minus t-zero's blacklist, its score-eval blacklist
    /// and the datasets of <c>D4_TRAIN_SKIP_EVAL</c> (matched as substrings of the task name, as t-zero does).
    /// </summary>
    public Mixture TrainScoreEval() =>
        ScoreEval(T0TrainScoreEval, _lists.Training("BASE"), _options.EvalSplit,
            t => t.OriginalTask && t.HasAnswerChoices,
            (baseName, name) => !T0TemplateRules.TaskBlacklist.Contains(baseName)
                && !T0TemplateRules.TrainScoreEvalBlacklist.Contains(name)
                && !T0TemplateRules.TrainSkipEval.Any(s => name.Contains(s, StringComparison.Ordinal)));

    /// <summary><c>bias_fairness_eval_score_eval</c> (Appendix B3): the BIAS_FAIRNESS datasets with every template that has answer choices, on test splits.</summary>
    public Mixture BiasFairnessScoreEval() =>
        ScoreEval(BiasFairnessEvalScoreEval, _lists.BiasFairness, _options.BiasFairnessSplit,
            t => t.HasAnswerChoices, (_, _) => true);

    Mixture ScoreEval(string name, IEnumerable<T0DatasetEntry> entries, string split, Func<ITaskTemplate, bool> keepTemplate,
        Func<string, string, bool> keepTask)
    {
        var warnings = new List<string>();
        var missing = new List<string>();
        var components = new List<MixtureComponent>();
        foreach (var entry in entries)
        {
            var all = _templates.ForDataset(entry.Dataset, entry.Subset);
            if (all.Count == 0) { warnings.Add($"{entry.Key}: the template collection has no templates for it"); continue; }
            var templates = all.Where(keepTemplate).ToList();
            if (templates.Count == 0) continue;   // t-zero's rule keeps no template of this dataset: not a missing one
            var splits = ResolveSplits(entry, split, warnings, missing);
            if (splits == null) continue;
            foreach (var t in templates)
                foreach (var (s, suffix) in splits)
                {
                    var baseName = TaskNames.Get(entry.Dataset, entry.Subset, t.Name) + suffix;
                    var taskName = baseName + T0TemplateRules.ScoreEvalSuffix;
                    if (!keepTask(baseName, taskName)) continue;
                    var rate = MixingRates.NumExamples(_data.CountRows(entry.Dataset, entry.Subset, s), MixingRates.T0MaximumExamples);
                    components.Add(new MixtureComponent(new PromptTask(entry.Dataset, entry.Subset, s, t, taskName), rate));
                }
        }
        if (missing.Count > 0)
            warnings.Insert(0, $"{missing.Count} dataset(s) of {name} missing under {_data.Root} (no '{split}' split" +
                (_options.SplitFallbacks.Count > 0 ? " nor " + string.Join("/", _options.SplitFallbacks) : "") + "): " + string.Join(", ", missing));
        return new Mixture(name, components, warnings);
    }
}
