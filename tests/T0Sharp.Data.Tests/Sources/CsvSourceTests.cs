using T0Sharp.Data.Sources;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Sources;

public class CsvSourceTests
{
    [Fact]
    public void Quoted_fields_and_column_types()
    {
        using var dir = TestPaths.NewTempDir();
        var f = DataFiles.Write(dir.Path, "a.csv",
            "id,text,score,flag,label",
            "1,\"hello, world\",0.5,True,x",
            "2,\"two\nlines \"\"quoted\"\"\",1,False,",
            "3,plain,2.25,True,y");
        var rows = new CsvSource(f, ',').Read().ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["id", "text", "score", "flag", "label"], rows[0].Values.Keys);
        Assert.Equal(1L, rows[0].Values["id"]);
        Assert.Equal("hello, world", rows[0].Values["text"]);
        Assert.Equal(0.5, rows[0].Values["score"]);
        Assert.Equal(1.0, Assert.IsType<double>(rows[1].Values["score"]));   // column of numbers with fractions: double
        Assert.Equal(true, rows[0].Values["flag"]);
        Assert.Equal("two\nlines \"quoted\"", rows[1].Values["text"]);
        Assert.Null(rows[1].Values["label"]);
        Assert.Equal((2L, 5L), (rows[2].Index, rows[2].Line));                 // header 1, rec 2, rec 3-4, rec 5
    }

    [Fact]
    public void Tsv_and_wrong_field_count()
    {
        using var dir = TestPaths.NewTempDir();
        var f = DataFiles.Write(dir.Path, "a.tsv", "premise\thypothesis\tlabel", "a b\tc, d\t0", "only\ttwo");
        var src = CsvSource.ForFile(f);
        var e = Assert.Throws<DataFormatException>(() => src.Read().ToList());
        Assert.Equal(3L, e.Line);
        Assert.Contains("expected 3 fields", e.Message);
        var options = new SourceOptions { SkipBadRows = true };
        var rows = CsvSource.ForFile(f, options).Read().ToList();
        Assert.Equal("c, d", Assert.Single(rows).Values["hypothesis"]);
        Assert.Equal(0L, rows[0].Values["label"]);
        Assert.Equal(1, options.BadRows.Count);
    }
}
