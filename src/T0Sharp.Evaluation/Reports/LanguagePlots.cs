using ScottPlot;
using T0Sharp.Evaluation.Results;

namespace T0Sharp.Evaluation.Reports;

/// <summary>
/// The xmtf paper's per-language bar charts: for each crosslingual dataset of a run, one group of bars per language —
/// the median score over templates with English prompts, machine-translated prompts and (XNLI) prompts translated by
/// people — with the dataset's chance level as a dashed line.
/// </summary>
public static class LanguagePlots
{
    static readonly string[] PromptNames = ["English prompts", "MT prompts", "HT prompts"];
    static readonly Color[] Colors = [Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c")];

    /// <summary>Writes one PNG per dataset into <paramref name="dir"/> (<c>languages-&lt;dataset&gt;.png</c>); returns (relative file name, dataset label) pairs in suite order.</summary>
    public static IReadOnlyList<(string File, string Label)> Render(RunResults run, string dir)
    {
        var written = new List<(string, string)>();
        foreach (var group in LanguageTable.Medians(run).GroupBy(m => m.Family.Key))
        {
            var rows = group.ToList();
            var family = rows[0].Family;
            var kinds = Enumerable.Range(0, 3).Where(k => rows.Any(r => r.Medians[k] is not null)).ToList();
            var plt = new Plot();
            var width = 0.8 / kinds.Count;
            for (var j = 0; j < kinds.Count; j++)
            {
                var k = kinds[j];
                var bars = rows.Select((r, i) => (r, i)).Where(x => x.r.Medians[k] is not null)
                    .Select(x => new Bar { Position = x.i - 0.4 + width * (j + 0.5), Value = x.r.Medians[k]!.Value, Size = width * 0.9, FillColor = Colors[k] })
                    .ToList();
                var plot = plt.Add.Bars(bars);
                plot.LegendText = PromptNames[k];
            }
            var line = plt.Add.HorizontalLine(Chance(family.Key));
            line.LinePattern = LinePattern.Dashed;
            line.LineColor = Color.FromHex("#7f7f7f");
            line.LegendText = "chance";
            plt.Axes.Bottom.SetTicks(Enumerable.Range(0, rows.Count).Select(i => (double)i).ToArray(), rows.Select(r => r.Language).ToArray());
            plt.Axes.SetLimits(-0.6, rows.Count - 0.4, 0, 103);
            plt.YLabel("median (%)");
            plt.Title($"{family.Label}: median {Fmt.KeyName(run.Primary)} over templates, {run.Name}");
            plt.ShowLegend(Alignment.UpperRight);
            Directory.CreateDirectory(dir);
            var file = $"languages-{family.Key}.png";
            plt.SavePng(Path.Combine(dir, file), Math.Max(640, 90 * rows.Count), 420);
            written.Add((file, family.Label));
        }
        return written;
    }

    /// <summary>Chance accuracy (%): XNLI has three labels, XCOPA, XWinograd and XStoryCloze two choices.</summary>
    public static double Chance(string familyKey) => familyKey == "xnli" ? 100.0 / 3 : 50.0;
}
