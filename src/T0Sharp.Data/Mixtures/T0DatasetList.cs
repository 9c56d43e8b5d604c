using System.Globalization;
using T0Sharp.Data.Sources;

namespace T0Sharp.Data.Mixtures;

/// <summary>One row of t-zero's datasets.csv.</summary>
/// <param name="TrainSize">Size of the full training split, or null where the csv leaves it blank (eval-only rows).</param>
public sealed record T0DatasetEntry(string Dataset, string? Subset, string TaskByConvention, string DoTrain, string DoEval, long? TrainSize)
{
    /// <summary>"dataset/subset" or "dataset".</summary>
    public string Key => Subset == null ? Dataset : Dataset + "/" + Subset;
}

/// <summary>
/// t-zero's dataset lists: datasets.csv (which datasets T0, T0+ and T0++ train on and which are held out) and
/// eval_template_list.csv (the original-task templates the main evaluation uses).
/// </summary>
public sealed class T0DatasetList
{
    public T0DatasetList(IReadOnlyList<T0DatasetEntry> datasets, IReadOnlyList<(string Dataset, string? Subset, string Template)> evalTemplates)
    {
        Datasets = datasets; EvalTemplates = evalTemplates;
    }

    public IReadOnlyList<T0DatasetEntry> Datasets { get; }
    public IReadOnlyList<(string Dataset, string? Subset, string Template)> EvalTemplates { get; }

    /// <summary>Reads datasets.csv and eval_template_list.csv from <paramref name="folder"/> (default: the bundled assets/promptsource/t0).</summary>
    public static T0DatasetList Load(string? folder = null)
    {
        folder ??= T0Sharp.Core.BuiltInAssets.T0Lists;
        var datasets = ReadCsv(Path.Combine(folder, "datasets.csv"), ["HF_name", "subset", "task_by_convention", "do_train", "do_eval", "train_size"])
            .Select(r => new T0DatasetEntry(r.F[0], Blank(r.F[1]), r.F[2], r.F[3], r.F[4], ParseSize(r.F[5], r.File, r.Line))).ToList();
        var templates = ReadCsv(Path.Combine(folder, "eval_template_list.csv"), ["HF_name", "subset", "template_name"])
            .Select(r => (r.F[0], Blank(r.F[1]), r.F[2])).ToList();
        return new T0DatasetList(datasets, templates);
    }

    /// <summary>Rows whose do_train is one of <paramref name="groups"/> (BASE, GPT_EVAL, SGLUE).</summary>
    public IEnumerable<T0DatasetEntry> Training(params string[] groups) => Datasets.Where(d => groups.Contains(d.DoTrain));

    /// <summary>Rows with do_eval = BASE: the held-out evaluation datasets.</summary>
    public IEnumerable<T0DatasetEntry> HeldOut => Datasets.Where(d => d.DoEval == "BASE");

    /// <summary>Rows with do_eval = BIAS_FAIRNESS: CrowS-Pairs and WinoGender (super_glue/axg), the paper's Appendix B3.</summary>
    public IEnumerable<T0DatasetEntry> BiasFairness => Datasets.Where(d => d.DoEval == "BIAS_FAIRNESS");

    static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    static long? ParseSize(string s, string file, long line) =>
        string.IsNullOrWhiteSpace(s) ? null
        : long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new DataFormatException(file, line, $"train_size '{s}' is not a whole number");

    static List<(string[] F, string File, long Line)> ReadCsv(string file, string[] columns) =>
        CsvRecordReader.ReadColumns(file, columns, "t-zero list");
}
