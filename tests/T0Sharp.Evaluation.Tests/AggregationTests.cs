using T0Sharp.Evaluation.Aggregation;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Scoring;

namespace T0Sharp.Evaluation.Tests;

public class AggregationTests
{
    [Fact]
    public void Quantiles_match_numpy_linear()
    {
        // np.quantile([1,2,3,4], [.25,.5,.75]) = [1.75, 2.5, 3.25]
        double[] v = [4, 1, 3, 2];
        Assert.Equal(1.75, Quantiles.Linear(v, 0.25), 12);
        Assert.Equal(2.5, Quantiles.Median(v), 12);
        Assert.Equal(3.25, Quantiles.Linear(v, 0.75), 12);
        // np.quantile([10, 20, 40], .25) = 15: h = 0.5
        Assert.Equal(15, Quantiles.Linear([10, 20, 40], 0.25), 12);
        Assert.Equal(7, Quantiles.Median([7]));
        var s = Spread.Of([50, 60, 70, 90, 40]);
        Assert.Equal((5, 60.0, 62.0, 40.0, 90.0, 50.0, 70.0, 20.0), (s.Count, s.Median, s.Mean, s.Min, s.Max, s.Q1, s.Q3, s.Iqr));
    }

    [Fact]
    public void Choice_scores_under_the_three_scorings()
    {
        // choice A: 2 tokens summing to -3, 1 char; choice B: 4 tokens summing to -4, 20 chars
        var a = ChoiceScore.FromTokens([-1f, -2f], "A");
        var b = ChoiceScore.FromTokens([-1f, -1f, -1f, -1f], "a much longer answer");
        Assert.Equal((-3.0, -1.5, -3.0), (a.Get(ScoringMethod.Sum), a.Get(ScoringMethod.Mean), a.Get(ScoringMethod.Char)));
        Assert.Equal((-4.0, -1.0, -0.2), (b.Get(ScoringMethod.Sum), b.Get(ScoringMethod.Mean), b.Get(ScoringMethod.Char)));
        Assert.Equal(0, RankDecision.Argmax([a, b], ScoringMethod.Sum));
        Assert.Equal(1, RankDecision.Argmax([a, b], ScoringMethod.Mean));
        Assert.Equal(1, RankDecision.Argmax([a, b], ScoringMethod.Char));
        Assert.Equal(0, RankDecision.Argmax([a, a], ScoringMethod.Sum)); // ties: first, like numpy argmax
        Assert.Equal(2, ChoiceScore.CodePoints("😀é")); // code points, not UTF-16 units
        Assert.True(RankDecision.IsCorrect(["Yes", "No"], 1, " No \n"));
    }

    static ExampleRecord Rank(string ds, string t, int i, string target, params int[] preds) => new()
    {
        Dataset = ds, Template = t, Index = i, Kind = ExampleRecord.RankKind, Target = target, Choices = ["Yes", "No"],
        Predicted = new Dictionary<string, int> { ["sum"] = preds[0], ["mean"] = preds[1], ["char"] = preds[2] },
    };

    [Fact]
    public void Accuracy_per_template_and_spread_per_dataset()
    {
        ExampleRecord[] recs =
        [
            Rank("cb", "t1", 0, "Yes", 0, 1, 0), Rank("cb", "t1", 1, "No", 1, 1, 0),
            Rank("cb", "t1", 2, "No", 0, 1, 1), Rank("cb", "t1", 3, "Yes", 0, 1, 1),
            Rank("cb", "t2", 0, "Yes", 1, 1, 1), Rank("cb", "t2", 1, "No", 1, 1, 1),
            Rank("cb", "t3", 0, "Yes", 0, 0, 0),
            new() { Dataset = "cb", Template = "t3", Index = 1, Kind = ExampleRecord.SkipKind, Reason = "empty target" },
            Rank("rte", "t1", 0, "No", 1, 1, 1),
        ];
        var templates = ResultAggregator.Templates(recs);
        var t1 = templates.Single(t => t.Dataset == "cb" && t.Template == "t1");
        Assert.Equal((75.0, 50.0, 50.0), (t1.Scores["acc_sum"], t1.Scores["acc_mean"], t1.Scores["acc_char"]));
        var t3 = templates.Single(t => t.Template == "t3");
        Assert.Equal((1, 1, 100.0), (t3.Examples, t3.Skipped, t3.Scores["acc_sum"]));
        var ds = ResultAggregator.Datasets(templates, ["rte", "cb"]);
        Assert.Equal(["rte", "cb"], ds.Select(d => d.Dataset));
        var cb = ds[1].Spread["acc_sum"]; // templates 75, 50, 100
        Assert.Equal((3, 75.0, 75.0, 50.0, 100.0, 62.5, 87.5), (cb.Count, cb.Median, cb.Mean, cb.Min, cb.Max, cb.Q1, cb.Q3));
    }
}
