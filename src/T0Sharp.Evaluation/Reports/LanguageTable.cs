using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Suites;

namespace T0Sharp.Evaluation.Reports;

/// <summary>
/// The crosslingual suite's per-language view (xmtf's per-language bars as a table): one row per dataset and language,
/// the median over templates of the run's primary score with English, machine-translated and human-translated prompts.
/// </summary>
public static class LanguageTable
{
    public static readonly IReadOnlyList<string> Header = ["dataset", "language", "English prompts", "MT prompts", "HT prompts"];

    /// <summary>The rows, or none when the run has no task of <see cref="CrosslingualSuite"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(RunResults run)
    {
        var cells = new Dictionary<(string Family, string Language), string?[]>();
        foreach (var d in run.Datasets)
        {
            if (CrosslingualSuite.Parse(d.Dataset) is not { } p || !d.Spread.TryGetValue(run.Primary, out var s)) continue;
            if (!cells.TryGetValue((p.Family, p.Language), out var row)) cells[(p.Family, p.Language)] = row = new string?[3];
            row[(int)p.Prompts] = Fmt.Score(s.Median);
        }
        var order = CrosslingualSuite.Families.Select((f, i) => (f.Key, i)).ToDictionary(x => x.Key, x => x.i);
        return cells.OrderBy(kv => order[kv.Key.Family]).ThenBy(kv => kv.Key.Language, StringComparer.Ordinal)
            .Select(kv => (IReadOnlyList<string>)[CrosslingualSuite.Families[order[kv.Key.Family]].Label, kv.Key.Language, .. kv.Value.Select(v => v ?? "")])
            .ToList();
    }
}
