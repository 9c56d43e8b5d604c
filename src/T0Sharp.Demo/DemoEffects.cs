namespace T0Sharp.Demo;

/// <summary>
/// The effects the demo tests, each a paired difference with its bootstrap standard error; an effect "appears"
/// only when the difference exceeds 3 standard errors.
/// </summary>
public static class DemoEffects
{
    /// <summary>Every held-out task type is binary with balanced labels.</summary>
    public const double Chance = 50.0;
    public const double Threshold = 3.0;

    public static IReadOnlyList<Effect> Compute(DemoOptions o, IReadOnlyList<ConditionResult> results,
        IReadOnlyDictionary<string, (double Score, double Spread)[]> boot)
    {
        var effects = new List<Effect>();
        var byName = results.ToDictionary(r => r.Name);
        int max = o.TaskCounts.Max(), min = o.TaskCounts.Min();
        string all = DemoConditions.Types(max), one = all + "_one_template", first = DemoConditions.Types(min);

        if (byName.TryGetValue(all, out var a))
        {
            effects.Add(Make("above_chance", $"{all}: held-out score minus chance", a.HeldOut.Score - Chance, a.HeldOut.Se));
            if (byName.TryGetValue(DemoConditions.PretrainedOnly, out var p))
                effects.Add(Make("above_pretrained_only", $"{all} minus the pretrained-only baseline (paired)",
                    a.HeldOut.Score - p.HeldOut.Score, DemoStatistics.PairedSe(boot[all], boot[p.Name]), RunDifferences(a.RunScores, p.RunScores)));
            if (max != min && byName.TryGetValue(first, out var f))
                effects.Add(Make("more_task_types", $"{all} minus {first}: held-out score with more training task types (paired)",
                    a.HeldOut.Score - f.HeldOut.Score, DemoStatistics.PairedSe(boot[all], boot[first]), RunDifferences(a.RunScores, f.RunScores)));
            if (byName.TryGetValue(one, out var t))
            {
                effects.Add(Make("more_templates_median", $"{all} minus {one}: held-out score, all templates vs one per task (paired)",
                    a.HeldOut.Score - t.HeldOut.Score, DemoStatistics.PairedSe(boot[all], boot[one]), RunDifferences(a.RunScores, t.RunScores)));
                double spreadAll = boot[all].Length > 0 ? MeanIqr(a) : double.NaN, spreadOne = MeanIqr(t);
                effects.Add(Make("more_templates_spread", $"{one} minus {all}: mean interquartile range over templates (smaller with more templates; paired)",
                    spreadOne - spreadAll, DemoStatistics.PairedSe(boot[one], boot[all], spread: true), RunDifferences(t.RunSpreads, a.RunSpreads)));
            }
            if (byName.TryGetValue("no_pretraining_" + all, out var n))
                effects.Add(Make("pretraining_helps", $"{all} minus the same training without pretraining (paired)",
                    a.HeldOut.Score - n.HeldOut.Score, DemoStatistics.PairedSe(boot[all], boot[n.Name]), RunDifferences(a.RunScores, n.RunScores)));
        }
        return effects;
    }

    /// <summary>
    /// Effect (3) where the model has the skills: on the training task types in wording no condition trained on, the
    /// largest all-templates condition against its one-template twin (paired), the score (all minus one) and the mean
    /// interquartile range over the new templates (one minus all); empty unless both were evaluated.
    /// </summary>
    public static IReadOnlyList<Effect> NewWording(DemoOptions o, IReadOnlyDictionary<string, HeldOutScore> scores,
        IReadOnlyDictionary<string, (double Score, double Spread)[]> boot, IReadOnlyDictionary<string, IReadOnlyList<(double Score, double Spread)>> runs)
    {
        string all = DemoConditions.Types(o.TaskCounts.Max()), one = all + "_one_template";
        if (!scores.TryGetValue(all, out var a) || !scores.TryGetValue(one, out var t)) return [];
        IReadOnlyList<double> Scores(string c) => runs[c].Select(r => r.Score).ToList();
        IReadOnlyList<double> Spreads(string c) => runs[c].Select(r => r.Spread).ToList();
        return
        [
            Make("more_templates_new_wording", $"{all} minus {one}: training task types in wording neither trained on (paired)",
                a.Score - t.Score, DemoStatistics.PairedSe(boot[all], boot[one]), RunDifferences(Scores(all), Scores(one))),
            Make("more_templates_new_wording_spread", $"{one} minus {all}: mean interquartile range over the new-wording templates (paired)",
                MeanIqr(t) - MeanIqr(a), DemoStatistics.PairedSe(boot[one], boot[all], spread: true), RunDifferences(Spreads(one), Spreads(all))),
        ];
    }

    static Effect Make(string name, string description, double diff, double se, IReadOnlyList<double>? runs = null) =>
        new(name, description, diff, se, !double.IsNaN(se) && se > 0 && diff > Threshold * se) { RunDifferences = runs ?? [] };

    /// <summary>Run i of <paramref name="a"/> minus run i of <paramref name="b"/> (a one-run side is used for every run);
    /// empty when neither side has more than one run or their run counts differ otherwise.</summary>
    public static IReadOnlyList<double> RunDifferences(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        int n = Math.Max(a.Count, b.Count);
        if (n < 2 || a.Count == 0 || b.Count == 0 || (a.Count != n && a.Count != 1) || (b.Count != n && b.Count != 1)) return [];
        return Enumerable.Range(0, n).Select(i => a[a.Count == 1 ? 0 : i] - b[b.Count == 1 ? 0 : i]).ToList();
    }

    public static double MeanIqr(ConditionResult c) => MeanIqr(c.HeldOut);
    public static double MeanIqr(HeldOutScore s) => s.PerTask.Values.Average(t => t.Iqr);

    /// <summary>"appears (+12.3 points, 5.1 SE)" or "does not appear (+1.0 points, 0.6 SE; needs 3 SE)".</summary>
    public static string Verdict(Effect e) =>
        (e.Appears ? "appears" : "does not appear") + $" ({Signed(e.Difference)} points, {(e.Z is double z ? z.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "n/a")} SE{(e.Appears ? "" : $"; needs {Threshold:F0} SE")}" +
        (e.RunDifferences.Count > 1 ? "; runs: " + string.Join(", ", e.RunDifferences.Select(Signed)) : "") + ")";

    /// <summary>"+1.2", "-0.7", and "+0.0" for anything that rounds to zero (never "-+0.0").</summary>
    public static string Signed(double v)
    {
        double r = Math.Round(v, 1);
        return (r == 0 ? 0.0 : r).ToString("+0.0;-0.0", System.Globalization.CultureInfo.InvariantCulture);
    }
}
