using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Tests.Python;

public class PyValueTests
{
    [Theory]
    [InlineData(3.0, "3.0")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(123456789.123456789, "123456789.12345679")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NaN, "nan")]
    public void FloatReprIsPythons(double value, string expected) => Assert.Equal(expected, PyFormat.FloatRepr(value));

    [Fact]
    public void IntsThatFitStayLongWhateverTheirDotNetType()
    {
        Assert.IsType<long>(PyValue.FromDotNet(5UL));
        Assert.IsType<long>(PyValue.FromDotNet(new System.Numerics.BigInteger(-5)));
        Assert.IsType<System.Numerics.BigInteger>(PyValue.FromDotNet(ulong.MaxValue));
        Assert.IsType<long>(PyArith.Sub(PyValue.FromDotNet(ulong.MaxValue), PyValue.FromDotNet(ulong.MaxValue - 7)));
    }

    [Fact]
    public void JsonKeepsOrderAndIntFloat()
    {
        var d = PyJson.ParseObject("""{"b": 3, "a": 3.0, "c": [1, 2.5, null, true, "x"], "n": {"z": 1, "y": {}}, "big": 12345678901234567}""");
        Assert.Equal(["b", "a", "c", "n", "big"], d.Keys);
        Assert.IsType<long>(d["b"]);
        Assert.IsType<double>(d["a"]);
        Assert.Equal("[1, 2.5, None, True, 'x']", PyFormat.Repr(d["c"]));
        Assert.Equal("{'z': 1, 'y': {}}", PyFormat.Repr(d["n"]));
        Assert.Equal("12345678901234567", PyFormat.Str(d["big"]));
    }

    [Fact]
    public void StringsAreCodePoints()
    {
        const string s = "a\U0001F600b";
        Assert.Equal(3, PyStr.Length(s));
        Assert.Equal("\U0001F600", PyStr.Index(s, 1));
        Assert.Equal("\U0001F600b", PyStr.Slice(s, 1, null, null));
        Assert.Equal("b\U0001F600a", PyStr.Slice(s, null, null, -1));
        Assert.True(PyStr.Compare("\uFFFF", "\U0001F600") < 0);
    }

    [Fact]
    public void ReprAndEquality()
    {
        var l = new PyList { "it's", 1L, null, 2.0, new PyTuple(["x"]) };
        Assert.Equal("[\"it's\", 1, None, 2.0, ('x',)]", PyFormat.Repr(l));
        Assert.True(PyOps.Eq(1L, 1.0));
        Assert.True(PyOps.Eq(true, 1L));
        Assert.False(PyOps.Eq("1", 1L));
        Assert.Throws<PyException>(() => PyOps.Compare("a", 1L, "<"));
        var d = new PyDict();
        d[1L] = "int";
        d[1.0] = "float";
        Assert.Equal("{1: 'float'}", PyFormat.Repr(d));
    }

    [Fact]
    public void PrintfRoundsLikePython()
    {
        Assert.Equal("0.2", PyPrintf.Format("%0.1f", 0.25));
        Assert.Equal("2.67", PyPrintf.Format("%.2f", 2.675));
        Assert.Equal("1.234568e+04", PyPrintf.Format("%e", 12345.678));
        Assert.Equal("  3.1|42   |00007", PyPrintf.Format("%5.1f|%-5d|%05d", new PyTuple([3.14159, 42L, 7L])));
        Assert.Equal(2.0, PyDecimal.Round(2.5, 0));
        Assert.Equal(2.67, PyDecimal.Round(2.675, 2));
    }
}
