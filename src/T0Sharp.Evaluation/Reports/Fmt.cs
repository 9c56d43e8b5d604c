using System.Globalization;

namespace T0Sharp.Evaluation.Reports;

static class Fmt
{
    /// <summary>A score with one decimal, invariant culture ("—" when missing).</summary>
    public static string Score(double? v) => v is { } d && !double.IsNaN(d) ? d.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    /// <summary>Full precision for machine-readable files.</summary>
    public static string Exact(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string CsvField(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static string MdCell(string s) => s.Replace("|", "\\|").Replace("\n", " ");

    /// <summary>Human name of a score key.</summary>
    public static string KeyName(string key) => key switch
    {
        "acc_sum" => "accuracy (sum log-prob, T0)",
        "acc_mean" => "accuracy (mean per token, T-Few)",
        "acc_char" => "accuracy (per character, lm-eval acc_norm)",
        "acc_flipped" => "accuracy (flipped: log P(instruction | input, label))",
        "exact_match" => "exact match",
        "rougeL" => "ROUGE-L F",
        "bleu" => "BLEU",
        "squad_em" => "SQuAD EM",
        "squad_f1" => "SQuAD F1",
        _ => key,
    };
}
