using T0Sharp.Evaluation.Results;
using T0Sharp.Tests;

namespace T0Sharp.Evaluation.Tests;

public class ResultStoreTests
{
    static ExampleRecord Rec(int i) => new()
    {
        Dataset = "super_glue/cb", Template = "can we infer", Index = i, Kind = ExampleRecord.RankKind,
        Target = "Yes", Choices = ["Yes", "No", "Maybe"], LogProbSum = [-1.5, -2, -3.25], TokenCounts = [2, 2, 3],
        CharCounts = [3, 2, 5], Predicted = new Dictionary<string, int> { ["sum"] = 0, ["mean"] = 0, ["char"] = 0 },
    };

    [Fact]
    public void Appends_and_resumes_with_the_same_records()
    {
        using var dir = TestPaths.NewTempDir();
        var path = dir.File("examples.jsonl");
        using (var s = ResultStore.Open(path)) s.Append([Rec(0), Rec(1)]);
        using (var s = ResultStore.Open(path))
        {
            Assert.Equal(2, s.ResumedCount);
            Assert.True(s.Contains("super_glue/cb", "can we infer", 1));
            Assert.False(s.Contains("super_glue/cb", "can we infer", 2));
            Assert.Equal([-1.5, -2, -3.25], s.Records[0].LogProbSum!);
            Assert.True(s.Records[1].IsCorrect("sum"));
            s.Append([Rec(1), Rec(2)]); // 1 already there: ignored
        }
        Assert.Equal(3, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void A_line_cut_short_by_a_crash_is_dropped_and_the_rest_kept()
    {
        using var dir = TestPaths.NewTempDir();
        var path = dir.File("examples.jsonl");
        using (var s = ResultStore.Open(path)) s.Append([Rec(0)]);
        File.AppendAllText(path, "{\"dataset\":\"super_glue/cb\",\"templ");
        using (var s = ResultStore.Open(path))
        {
            Assert.Equal(1, s.ResumedCount);
            s.Append([Rec(1)]);
        }
        Assert.Equal(2, ResultStore.ReadAll(path).Count);
    }

    [Fact]
    public void A_malformed_complete_line_is_an_error_naming_the_line()
    {
        using var dir = TestPaths.NewTempDir();
        var path = dir.File("examples.jsonl");
        using (var s = ResultStore.Open(path)) s.Append([Rec(0)]);
        File.AppendAllText(path, "not json\n");
        var e = Assert.Throws<InvalidDataException>(() => ResultStore.Open(path));
        Assert.Contains("examples.jsonl:2", e.Message);
    }
}
