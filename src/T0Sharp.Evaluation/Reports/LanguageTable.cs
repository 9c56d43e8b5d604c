using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Suites;

namespace T0Sharp.Evaluation.Reports;

/// <summary>One dataset and language of the crosslingual suite: the median over templates with English, MT and HT prompts (null: not run).</summary>
public sealed record LanguageMedians(CrosslingualSuite.Family Family, string Language, double?[] Medians);

/// <summary>
/// The crosslingual suite's per-language view (xmtf's per-language bars as a table): one row per dataset and language,
/// the median over templates of the run's primary score with English, machine-translated and human-translated prompts.
/// </summary>
public static class LanguageTable
{
    public static readonly IReadOnlyList<string> Header = ["dataset", "language", "English prompts", "MT prompts", "HT prompts"];

    /// <summary>The medians by dataset (suite order) and language (ordinal), or none when the run has no task of <see cref="CrosslingualSuite"/>.</summary>
    public static IReadOnlyList<LanguageMedians> Medians(RunResults run)
    {
        var cells = new Dictionary<(string Family, string Language), double?[]>();
        foreach (var d in run.Datasets)
        {
            if (CrosslingualSuite.Parse(d.Dataset) is not { } p || !d.Spread.TryGetValue(run.Primary, out var s)) continue;
            if (!cells.TryGetValue((p.Family, p.Language), out var row)) cells[(p.Family, p.Language)] = row = new double?[3];
            row[(int)p.Prompts] = s.Median;
        }
        var order = CrosslingualSuite.Families.Select((f, i) => (f.Key, i)).ToDictionary(x => x.Key, x => x.i);
        return cells.OrderBy(kv => order[kv.Key.Family]).ThenBy(kv => kv.Key.Language, StringComparer.Ordinal)
            .Select(kv => new LanguageMedians(CrosslingualSuite.Families[order[kv.Key.Family]], kv.Key.Language, kv.Value))
            .ToList();
    }

    /// <summary>The rows, or none when the run has no task of <see cref="CrosslingualSuite"/>.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(RunResults run) => Medians(run)
        .Select(m => (IReadOnlyList<string>)[m.Family.Label, m.Language, .. m.Medians.Select(v => v is { } x ? Fmt.Score(x) : "")])
        .ToList();
}
