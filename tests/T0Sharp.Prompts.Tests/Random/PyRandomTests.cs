using System.Globalization;
using System.Numerics;
using System.Text.Json;
using T0Sharp.Prompts.Python;
using T0Sharp.Tests;

namespace T0Sharp.Prompts.Tests.Random;

/// <summary>PyRandom against CPython 3.11's random module (Random/random_cases.json from tools/reference/random_cases.py).</summary>
public class PyRandomTests
{
    static JsonElement Root { get; } = JsonDocument.Parse(File.ReadAllText(
        TestPaths.RepoPath("tests", "T0Sharp.Prompts.Tests", "Random", "random_cases.json"))).RootElement;

    public static IEnumerable<object[]> Seeds() =>
        Root.GetProperty("cases").EnumerateArray().Select(c => new object[] { c.GetProperty("seed").GetString()! });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ReproducesCPythonSequence(string seed)
    {
        var c = Root.GetProperty("cases").EnumerateArray().First(x => x.GetProperty("seed").GetString() == seed);
        var rng = new PyRandom(BigInteger.Parse(seed, CultureInfo.InvariantCulture));
        foreach (var r in c.GetProperty("random").EnumerateArray())
            Assert.Equal(r.GetString(), PyFormat.FloatRepr(rng.Random()));
        foreach (var kv in c.GetProperty("getrandbits").EnumerateObject())
            Assert.Equal(kv.Value.GetString(), rng.GetRandBitsBig(int.Parse(kv.Name)).ToString());
        foreach (var kv in c.GetProperty("randbelow").EnumerateObject())
            foreach (var expected in kv.Value.EnumerateArray())
                Assert.Equal(expected.GetInt32(), rng.RandBelow(int.Parse(kv.Name)));
        var seq = Enumerable.Range(0, 7).ToList();
        foreach (var expected in c.GetProperty("choice7").EnumerateArray())
            Assert.Equal(expected.GetInt32(), rng.Choice(seq));
        foreach (var r in c.GetProperty("after").EnumerateArray())
            Assert.Equal(r.GetString(), PyFormat.FloatRepr(rng.Random()));
    }

    [Fact]
    public void CrossesStateRegeneration()
    {
        var rng = new PyRandom(7);
        var outputs = Enumerable.Range(0, 1300).Select(_ => (ulong)rng.NextUInt32()).ToList();
        Assert.Equal(Root.GetProperty("seed7_uint32_x1300_tail").EnumerateArray().Select(x => x.GetUInt64()), outputs.TakeLast(5));
        Assert.Equal(Root.GetProperty("seed7_sum").GetUInt64(), outputs.Aggregate(0UL, (a, b) => a + b));
    }

    [Fact]
    public void SmallLiteralExpectations()
    {
        // python3 -c "import random; random.seed(0); print(random.random(), random.getrandbits(8), random.choice('abcd'))"
        var rng = new PyRandom(0);
        Assert.Equal(0.8444218515250481, rng.Random());
        var r2 = new PyRandom(0);
        Assert.Equal(3626764237UL, r2.GetRandBits(32));
        Assert.Equal(new PyRandom(5).Random(), new PyRandom(-5).Random());
        Assert.Throws<IndexOutOfRangeException>(() => new PyRandom(0).ChoiceIndex(0));
    }

    [Fact]
    public void SeedResetsState()
    {
        var rng = new PyRandom(1);
        var first = rng.Random();
        rng.Random();
        rng.Seed(1);
        Assert.Equal(first, rng.Random());
        var clone = rng.Clone();
        Assert.Equal(rng.Random(), clone.Random());
    }
}
