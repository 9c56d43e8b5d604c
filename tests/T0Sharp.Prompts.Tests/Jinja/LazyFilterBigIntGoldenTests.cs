using T0Sharp.Tests;

namespace T0Sharp.Prompts.Tests.Jinja;

/// <summary>
/// Golden cases from tools/reference/engine_cases_extra.py (Jinja2 3.1.6): a <c>for ... if</c> filter evaluated
/// lazily item by item (the body's changes reach later conditions; <c>loop.last</c>/<c>length</c> look ahead as
/// Jinja's LoopContext does), and integers beyond 64 bits behaving as Python's unbounded int.
/// </summary>
public class LazyFilterBigIntGoldenTests
{
    static readonly Lazy<(Dictionary<string, string> Sets, List<GoldenCaseTests.Case> Cases)> Data =
        new(() => GoldenCaseTests.Load(TestPaths.TestData("golden", "jinja-lazy-filter-bigint", "golden.json")));

    public static IEnumerable<object[]> CaseIds() => Data.Value.Cases.Select(c => new object[] { c.Id });

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void MatchesJinja(int id) => GoldenCaseTests.Check(Data.Value.Sets, Data.Value.Cases[id]);
}
