using Parquet.Serialization;
using T0Sharp.Data.Sources;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Sources;

public class ParquetSourceTests
{
    public sealed class Answers { public List<string> text { get; set; } = []; public List<int> answer_start { get; set; } = []; }
    public sealed class Row
    {
        public string? question { get; set; }
        public int label { get; set; }
        public double? score { get; set; }
        public Answers? answers { get; set; }
        public List<string> endings { get; set; } = [];
    }

    static string WriteFile(string dir)
    {
        var rows = new List<Row>
        {
            new() { question = "q0", label = 1, score = 0.5, answers = new() { text = ["a", "b"], answer_start = [3, 9] }, endings = ["x", "y"] },
            new() { question = null, label = 2, score = null, answers = new(), endings = [] },
            new() { question = "q2", label = 0, score = 2, answers = new() { text = ["c"], answer_start = [0] }, endings = ["z"] },
        };
        var path = Path.Combine(dir, "validation.parquet");
        using (var fs = File.Create(path)) ParquetSerializer.SerializeAsync(rows, fs).GetAwaiter().GetResult();
        return path;
    }

    [Fact]
    public void Struct_of_lists_reaches_templates_as_a_dict_of_lists()
    {
        using var dir = TestPaths.NewTempDir();
        var src = new ParquetSource(WriteFile(dir.Path));
        var rows = src.Read().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, src.CountRows());
        var r = rows[0].Values;
        Assert.Equal(["question", "label", "score", "answers", "endings"], r.Keys);
        Assert.Equal("q0", r["question"]);
        Assert.Equal(1L, Assert.IsType<long>(r["label"]));
        Assert.Equal(0.5, r["score"]);
        var answers = Assert.IsType<OrderedDictionary<string, object?>>(r["answers"]);
        Assert.Equal(["text", "answer_start"], answers.Keys);
        Assert.Equal(new List<object?> { "a", "b" }, answers["text"]);
        Assert.Equal(new List<object?> { 3L, 9L }, answers["answer_start"]);
        Assert.Equal(new List<object?> { "x", "y" }, r["endings"]);
        var empty = rows[1].Values;
        Assert.Null(empty["question"]);
        Assert.Null(empty["score"]);
        Assert.Equal(new List<object?>(), empty["endings"]);
        Assert.Equal(new List<object?>(), ((OrderedDictionary<string, object?>)empty["answers"]!)["text"]);
        Assert.Equal((2L, 3L), (rows[2].Index, rows[2].Line));
        Assert.Equal("q2", src.Read(skip: 2).Single().Values["question"]);
    }

    [Fact]
    public void Not_a_parquet_file_names_the_file()
    {
        using var dir = TestPaths.NewTempDir();
        var path = Path.Combine(dir.Path, "train.parquet");
        File.WriteAllText(path, "this is not parquet");
        var e = Assert.Throws<DataFormatException>(() => new ParquetSource(path).Read().ToList());
        Assert.Equal(path, e.File);
    }
}
