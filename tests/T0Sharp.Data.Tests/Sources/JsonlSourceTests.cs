using T0Sharp.Data.Sources;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Sources;

public class JsonlSourceTests
{
    [Fact]
    public void Values_keep_order_types_and_nesting()
    {
        using var dir = TestPaths.NewTempDir();
        var f = DataFiles.Write(dir.Path, "a.jsonl",
            """{"z": 1, "a": 1.0, "b": 2e3, "c": null, "d": true, "answers": {"text": ["x", "y"], "answer_start": [3, 7]}, "label-coarse": 4}""",
            "",
            """{"z": -5, "a": "s", "b": [], "c": {}, "d": false, "answers": {"text": [], "answer_start": []}, "label-coarse": 0}""");
        var rows = new JsonlSource(f).Read().ToList();
        Assert.Equal(2, rows.Count);
        var r = rows[0].Values;
        Assert.Equal(["z", "a", "b", "c", "d", "answers", "label-coarse"], r.Keys);
        Assert.IsType<long>(r["z"]);
        Assert.Equal(1.0, Assert.IsType<double>(r["a"]));
        Assert.Equal(2000.0, Assert.IsType<double>(r["b"]));
        Assert.Null(r["c"]);
        Assert.Equal(true, r["d"]);
        var answers = Assert.IsType<OrderedDictionary<string, object?>>(r["answers"]);
        Assert.Equal(new List<object?> { "x", "y" }, answers["text"]);
        Assert.Equal(new List<object?> { 3L, 7L }, answers["answer_start"]);
        Assert.Equal((0L, 1L), (rows[0].Index, rows[0].Line));
        Assert.Equal((1L, 3L), (rows[1].Index, rows[1].Line));   // the blank line is not a record
        Assert.Equal(-5L, rows[1].Values["z"]);
    }

    [Fact]
    public void Hyphens_are_renamed_at_top_level_only_as_t_zero_does()
    {
        var nested = new OrderedDictionary<string, object?> { ["inner-key"] = 1L };
        var ex = new OrderedDictionary<string, object?> { ["text"] = "t", ["label-coarse"] = 4L, ["meta-data"] = nested };
        var renamed = ExampleValues.RenameHyphens(ex);
        Assert.Equal(["text", "label_coarse", "meta_data"], renamed.Keys);
        Assert.Equal(["inner-key"], ((OrderedDictionary<string, object?>)renamed["meta_data"]!).Keys);
        var plain = new OrderedDictionary<string, object?> { ["a"] = 1L };
        Assert.Same(plain, ExampleValues.RenameHyphens(plain));
    }

    [Fact]
    public void Bad_line_is_an_error_naming_file_and_line()
    {
        using var dir = TestPaths.NewTempDir();
        var f = DataFiles.Write(dir.Path, "bad.jsonl", """{"a": 1}""", """{"a": 2""", "[1, 2]");
        var e = Assert.Throws<DataFormatException>(() => new JsonlSource(f).Read().ToList());
        Assert.Equal((f, 2L), (e.File, e.Line));
        Assert.Contains("bad.jsonl:2:", e.Message);
    }

    [Fact]
    public void Bad_lines_can_be_skipped_and_counted()
    {
        using var dir = TestPaths.NewTempDir();
        var f = DataFiles.Write(dir.Path, "bad.jsonl", """{"a": 1}""", """{"a": 2""", "[1, 2]", """{"a": 4}""");
        var options = new SourceOptions { SkipBadRows = true };
        var src = new JsonlSource(f, options);
        var rows = src.Read().ToList();
        Assert.Equal([1L, 4L], rows.Select(r => (long)r.Values["a"]!));
        Assert.Equal([0L, 1L], rows.Select(r => r.Index));
        Assert.Equal(2, options.BadRows.Count);
        Assert.Contains("bad.jsonl:3: expected a JSON object, found array", options.BadRows.Examples[1]);
        Assert.Equal(2, src.CountRows());
        Assert.Equal(4L, (long)src.Read(skip: 1).Single().Values["a"]!);
    }

    [Fact]
    public void Skip_starts_at_the_given_record()
    {
        using var dir = TestPaths.NewTempDir();
        var f = DataFiles.Rows(dir.Path, "r.jsonl", "row", 5);
        var src = new JsonlSource(f);
        Assert.Equal(["row 3", "row 4"], src.Read(3).Select(r => (string)r.Values["text"]!));
        Assert.Equal(5, src.CountRows());
    }
}
