using T0Sharp.Data.Sources;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Sources;

public class DatasetDirectoryTests
{
    static DatasetDirectory Bundled => new(TestPaths.RepoPath("assets", "datasets"));

    [Fact]
    public void Bundled_layout_resolves_default_configs_and_subsets()
    {
        var data = Bundled;
        Assert.EndsWith(Path.Combine("rotten_tomatoes", "default", "validation.jsonl"), data.FindSplitFile("rotten_tomatoes", null, "validation"));
        Assert.EndsWith(Path.Combine("anli", "plain_text", "dev_r1.jsonl"), data.FindSplitFile("anli", null, "dev_r1"));
        Assert.EndsWith(Path.Combine("super_glue", "rte", "validation.jsonl"), data.FindSplitFile("super_glue", "rte", "validation"));
        Assert.Null(data.FindSplitFile("super_glue", null, "validation"));
        Assert.Null(data.FindSplitFile("rotten_tomatoes", null, "train"));
        Assert.Null(data.FindSplitFile("no_such_dataset", null, "train"));
        Assert.Equal(["test", "validation"], data.Splits("rotten_tomatoes", null));
        Assert.Equal(277, data.CountRows("super_glue", "rte", "validation"));
        Assert.Equal(56, data.CountRows("super_glue", "cb", "validation"));
    }

    [Fact]
    public void Format_precedence_and_unknown_folder()
    {
        using var dir = TestPaths.NewTempDir();
        DataFiles.Write(dir.Path, "ds/train.csv", "text,label", "a,0");
        DataFiles.Write(dir.Path, "ds/train.jsonl", """{"text": "b", "label": 1}""");
        var data = new DatasetDirectory(dir.Path);
        Assert.Equal("b", data.Open("ds", null, "train")!.Read().Single().Values["text"]);
        Assert.Throws<DirectoryNotFoundException>(() => new DatasetDirectory(Path.Combine(dir.Path, "nope")));
    }
}
