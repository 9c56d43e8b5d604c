using T0Sharp.Demo;

namespace T0Sharp.Demo.Tests;

public class DemoStatisticsTests
{
    static double[] B(params int[] v) => v.Select(x => (double)x).ToArray();

    static ItemTable Table(params (string Task, double[][] Templates)[] tasks) =>
        new(tasks.ToDictionary(t => t.Task, t => (IReadOnlyList<(string, double[])>)t.Templates.Select((c, i) => ($"t{i}", c)).ToList()));

    [Fact]
    public void Runs_average_item_by_item_so_each_templates_accuracy_is_its_mean_over_runs()
    {
        // Run 1: template accuracies 75 and 25; run 2: 25 and 75. Item means: (1, .5, .5, 0) and (.5, .5, .5, .5).
        var r1 = Table(("a", [B(1, 1, 1, 0), B(1, 0, 0, 0)]));
        var r2 = Table(("a", [B(1, 0, 0, 0), B(0, 1, 1, 1)]));
        var mean = ItemTable.Mean([r1, r2]);
        Assert.Equal([1.0, 0.5, 0.5, 0.0], mean.Tasks["a"][0].Correct);
        Assert.Equal([0.5, 0.5, 0.5, 0.5], mean.Tasks["a"][1].Correct);
        var h = DemoStatistics.HeldOut(mean, 0);
        Assert.Equal([50.0, 50.0], h.PerTask["a"].PerTemplate); // (75 + 25) / 2 and (25 + 75) / 2
        Assert.Equal(0.0, h.PerTask["a"].Iqr, 12); // each run alone has IQR 25: run noise averages out of the spread
        Assert.Same(r1, ItemTable.Mean([r1]));
        // A resample is applied to the means: items 0 and 0 again -> template 0 at 100 %, template 1 at 50 %.
        Assert.Equal(100.0, DemoStatistics.Accuracy(mean.Tasks["a"][0].Correct, [0, 0]), 12);
        Assert.Equal(50.0, DemoStatistics.Accuracy(mean.Tasks["a"][1].Correct, [0, 0]), 12);
        var other = Table(("a", [B(1, 1, 1, 0), B(1, 0, 0)]));
        Assert.Throws<ArgumentException>(() => ItemTable.Mean([r1, other]));
    }

    [Fact]
    public void Score_is_the_mean_over_task_types_of_the_median_over_templates()
    {
        // Task a: templates at 75, 25, 50 % -> median 50; quartiles (linear, numpy's default) 37.5 and 62.5 -> IQR 25.
        // Task b: one template at 100 % -> median 100, IQR 0. Score (50 + 100) / 2 = 75; spread (25 + 0) / 2 = 12.5.
        var t = Table(("a", [B(1, 1, 1, 0), B(1, 0, 0, 0), B(1, 1, 0, 0)]), ("b", [B(1, 1, 1, 1)]));
        var (score, spread) = DemoStatistics.Summary(t);
        Assert.Equal(75.0, score, 12);
        Assert.Equal(12.5, spread, 12);
        var h = DemoStatistics.HeldOut(t, 1.5);
        Assert.Equal([75.0, 25.0, 50.0], h.PerTask["a"].PerTemplate);
        Assert.Equal(50.0, h.PerTask["a"].Median, 12);
        Assert.Equal(25.0, h.PerTask["a"].Iqr, 12);
        Assert.Equal(1.5, h.Se);
    }

    [Fact]
    public void Paired_bootstrap_gives_zero_se_for_identical_conditions_and_a_positive_one_for_a_single_condition()
    {
        var t = Table(("a", [B(1, 0, 1, 0, 1, 1, 0, 0), B(0, 0, 1, 1, 1, 0, 1, 0)]));
        var boot = DemoStatistics.Bootstrap(new Dictionary<string, ItemTable> { ["x"] = t, ["y"] = t }, 200, 3);
        Assert.Equal(0.0, DemoStatistics.PairedSe(boot["x"], boot["y"]), 12);
        var se = DemoStatistics.StdDev(boot["x"].Select(s => s.Score));
        // Two templates at 50 % over 8 items: the median is their mean, SE near sqrt(.25/8)*100/sqrt(2)-ish, well inside (5, 25).
        Assert.InRange(se, 5, 25);
        var again = DemoStatistics.Bootstrap(new Dictionary<string, ItemTable> { ["x"] = t }, 200, 3);
        Assert.Equal(boot["x"], again["x"]); // seeded
    }

    [Fact]
    public void An_effect_appears_only_beyond_three_standard_errors()
    {
        Assert.True(new Effect("e", "", 3.1, 1.0, true).Z > 3);
        Assert.Null(new Effect("e", "", 3.1, 0.0, false).Z);
        var results = new List<ConditionResult>
        {
            Condition("pretrained_only", 0, 55, 2) with { RunScores = [55] }, Condition("types_1", 1, 58, 2) with { RunScores = [57, 59] },
            Condition("types_2", 2, 70, 2) with { RunScores = [68, 72] },
        };
        var boot = results.ToDictionary(r => r.Name, r => Enumerable.Range(0, 100).Select(i => (r.HeldOut.Score + (i % 2 == 0 ? 2.0 : -2.0), 0.0)).ToArray());
        var effects = DemoEffects.Compute(new DemoOptions { TaskCounts = [1, 2] }, results, boot).ToDictionary(e => e.Name);
        Assert.True(effects["above_chance"].Appears);                   // 70 - 50 = 20 > 3 * 2
        Assert.Equal(15.0, effects["above_pretrained_only"].Difference, 12);
        Assert.Equal(0.0, effects["above_pretrained_only"].Se, 12);     // paired draws move together: no SE, no claim
        Assert.False(effects["above_pretrained_only"].Appears);
        Assert.Equal([13.0, 17.0], effects["above_pretrained_only"].RunDifferences); // each run against the one baseline
        Assert.Equal([11.0, 13.0], effects["more_task_types"].RunDifferences);       // run i against run i
        Assert.Empty(effects["above_chance"].RunDifferences);
        Assert.StartsWith("appears (+20.0 points, 10.0 SE)", DemoEffects.Verdict(effects["above_chance"]));
        Assert.StartsWith("does not appear", DemoEffects.Verdict(new Effect("x", "", 5, 2, false)));
        Assert.Equal("does not appear (+5.0 points, 2.5 SE; needs 3 SE; runs: +4.0, -1.5)",
            DemoEffects.Verdict(new Effect("x", "", 5, 2, false) { RunDifferences = [4.0, -1.5] }));
        // Run i against run i; a one-run side (the untrained baseline) against every run; nothing for single runs.
        Assert.Equal([2.0, 5.0], DemoEffects.RunDifferences([3.0, 7.0], [1.0, 2.0]));
        Assert.Equal([2.0, 6.0], DemoEffects.RunDifferences([3.0, 7.0], [1.0]));
        Assert.Empty(DemoEffects.RunDifferences([3.0], [1.0]));
        Assert.Equal("+0.0", DemoEffects.Signed(-0.037)); // a difference that rounds to zero has no sign pair
        Assert.Equal("-0.7", DemoEffects.Signed(-0.68));
        Assert.Empty(DemoEffects.RunDifferences([3.0, 7.0, 8.0], [1.0, 2.0]));

        // (3) on the training types in new wording: all templates minus one, paired, with per-run differences.
        HeldOutScore Words(double score, double iqr) => new(score, 1, new Dictionary<string, TaskTypeScore>
            { ["topic"] = new(score, iqr, [score]), ["sentiment"] = new(score, 2 * iqr, [score]) });
        var words = new Dictionary<string, HeldOutScore> { ["types_2"] = Words(80, 2), ["types_2_one_template"] = Words(50, 6) };
        var wordsBoot = new Dictionary<string, (double Score, double Spread)[]>
        {
            ["types_2"] = [(80, 3), (84, 3), (76, 3)], ["types_2_one_template"] = [(50, 9), (52, 10), (48, 8)],
        };
        var newWording = DemoEffects.NewWording(new DemoOptions { TaskCounts = [1, 2] }, words, wordsBoot,
            new Dictionary<string, IReadOnlyList<(double, double)>> { ["types_2"] = [(78, 3), (82, 4)], ["types_2_one_template"] = [(45, 8), (55, 12)] })
            .ToDictionary(e => e.Name);
        var median = newWording["more_templates_new_wording"];
        Assert.Equal(30.0, median.Difference, 12);
        Assert.Equal(2.0, median.Se, 12);                              // paired differences 30, 32, 28: SD 2
        Assert.True(median.Appears);
        Assert.Equal([33.0, 27.0], median.RunDifferences);
        var spread = newWording["more_templates_new_wording_spread"];  // one minus all: mean IQR 9 against 3
        Assert.Equal(6.0, spread.Difference, 12);
        Assert.Equal(1.0, spread.Se, 12);                              // paired differences 6, 7, 5: SD 1
        Assert.Equal([5.0, 8.0], spread.RunDifferences);
        Assert.Empty(DemoEffects.NewWording(new DemoOptions { TaskCounts = [1, 2] }, new Dictionary<string, HeldOutScore> { ["types_2"] = Words(80, 2) },
            wordsBoot, new Dictionary<string, IReadOnlyList<(double, double)>>()));
    }

    [Fact]
    public void Findings_flag_a_baseline_below_chance_and_say_what_the_standard_errors_leave_out()
    {
        ConditionResult With(string name, int k, double nli, double coref) => Condition(name, k, (nli + coref) / 2, 1) with
        {
            HeldOut = new HeldOutScore((nli + coref) / 2, 1, new Dictionary<string, TaskTypeScore>
                { ["nli"] = new(nli, 0, [nli]), ["coreference"] = new(coref, 0, [coref]) }),
        };
        DemoResults Demo(double baselineCoref) => new()
        {
            Chance = 50, Conditions = [With("pretrained_only", 0, 50, baselineCoref), With("types_1", 1, 50, 50)], Effects = [],
            Controls = new DemoControls { BlankInput = new Dictionary<string, double>(), BlankInputModel = "" }, Details = [],
            Quick = false, Seed = 0, VocabSize = 1, Parameters = 1, HeldOutItemsPerTask = 10, Options = new DemoOptions { TaskCounts = [1] }, Seconds = 0,
        };
        var flagged = DemoReport.Findings(Demo(41.3));
        Assert.Contains(flagged, l => l.StartsWith("Caution: the pretrained-only baseline is below chance on coreference (41.3%)"));
        Assert.DoesNotContain(flagged, l => l.Contains("below chance on nli"));
        Assert.Contains(flagged, l => l.StartsWith("Standard errors cover the evaluation items of one training run"));
        // 46% is within 5 points of chance: no flag.
        Assert.DoesNotContain(DemoReport.Findings(Demo(46)), l => l.StartsWith("Caution"));
    }

    static ConditionResult Condition(string name, int k, double score, double se) => new()
    {
        Name = name, Pretrained = true, TrainingTaskTypes = k, TemplatesPerTask = "all",
        HeldOut = new HeldOutScore(score, se, new Dictionary<string, TaskTypeScore> { ["nli"] = new(score, 0, [score]) }),
    };
}
