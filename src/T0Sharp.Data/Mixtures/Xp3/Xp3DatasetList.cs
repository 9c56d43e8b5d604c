using System.Globalization;
using T0Sharp.Data.Sources;

namespace T0Sharp.Data.Mixtures.Xp3;

/// <summary>What a dataset is to xP3.</summary>
public enum Xp3Role
{
    /// <summary>A training dataset of xP3 and xP3mt.</summary>
    Train,

    /// <summary>A held-out evaluation dataset that xP3all adds to training (coreference, sentence completion).</summary>
    Eval,

    /// <summary>A held-out NLI evaluation dataset: never trained on (xP3all leaves NLI out too).</summary>
    EvalNli,
}

/// <summary>One row of xp3_datasets.csv.</summary>
/// <param name="Subset">The config, null when the dataset has none, or "*" for every config found locally.</param>
/// <param name="PromptSubset">The config whose (English) prompts every config uses (xP3's <c>DS_TO_ENG_PROMPT</c>); null: its own.</param>
/// <param name="Language">A language folder, or a rule over the config: <c>{config}</c>, <c>{config.N}</c> (N-th part split
/// at '.'), <c>{config_N}</c> (at '_'; negative N counts from the end). Language names ("arabic") map to codes.</param>
/// <param name="LocalName">Another folder name the data may have locally (xwinograd for Muennighoff/xwinograd).</param>
public sealed record Xp3DatasetEntry(string Dataset, string? Subset, Xp3Role Role, string? PromptSubset, string Language, string? LocalName)
{
    public const string AllConfigs = "*";

    public string Key => Subset == null ? Dataset : Dataset + "/" + Subset;
}

/// <summary>
/// xP3's lists (assets/promptsource/xp3): the datasets (xp3_datasets.csv), the prompts skipped on splits whose labels
/// are hidden (xp3_skip_prompts.csv, xP3's <c>SKIP_PROMPTS</c>) and BLOOMZ's per-language sampling weights
/// (language_weights.csv, from xmtf's <c>xp3capmixnewcodelong_train.txt</c>).
/// </summary>
public sealed class Xp3DatasetList
{
    readonly HashSet<(string Key, string Split, string Template)> _skips;

    public Xp3DatasetList(IReadOnlyList<Xp3DatasetEntry> datasets, IEnumerable<(string Key, string Split, string Template)> skips,
        IReadOnlyList<(string Language, double Weight)> weights)
    {
        Datasets = datasets;
        _skips = skips.ToHashSet();
        LanguageWeights = weights;
        Weights = weights.ToDictionary(w => w.Language, w => w.Weight, StringComparer.Ordinal);
    }

    public IReadOnlyList<Xp3DatasetEntry> Datasets { get; }

    /// <summary>BLOOMZ's weight per language folder, in the file's order.</summary>
    public IReadOnlyList<(string Language, double Weight)> LanguageWeights { get; }

    public IReadOnlyDictionary<string, double> Weights { get; }

    /// <summary>Reads the three lists from <paramref name="folder"/> (default: the bundled assets/promptsource/xp3).</summary>
    public static Xp3DatasetList Load(string? folder = null)
    {
        folder ??= T0Sharp.Core.BuiltInAssets.Xp3;
        var datasets = Csv.Read(Path.Combine(folder, "xp3_datasets.csv"), ["dataset", "subset", "role", "prompt_subset", "language", "local_name"])
            .Select(r => new Xp3DatasetEntry(r.F[0], Blank(r.F[1]), ParseRole(r.F[2], r.File, r.Line), Blank(r.F[3]),
                Blank(r.F[4]) ?? throw new DataFormatException(r.File, r.Line, "language is empty"), Blank(r.F[5]))).ToList();
        var skips = Csv.Read(Path.Combine(folder, "xp3_skip_prompts.csv"), ["dataset", "split", "template"])
            .Select(r => (r.F[0], r.F[1], r.F[2]));
        var weights = Csv.Read(Path.Combine(folder, "language_weights.csv"), ["language", "weight"])
            .Select(r => (r.F[0], double.TryParse(r.F[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) && w >= 0 ? w
                : throw new DataFormatException(r.File, r.Line, $"weight '{r.F[1]}' is not a non-negative number"))).ToList();
        return new Xp3DatasetList(datasets, skips, weights);
    }

    /// <summary>
    /// True when xP3 skips the template on this split (hidden test labels, bad splits). Rules name the dataset or
    /// dataset/config and a template or "all".
    /// </summary>
    public bool IsSkipped(string dataset, string? subset, string split, string template)
    {
        foreach (var key in subset == null ? [dataset] : new[] { dataset, dataset + "/" + subset })
            if (_skips.Contains((key, split, "all")) || _skips.Contains((key, split, template))) return true;
        return false;
    }

    /// <summary>The language folder of a config of <paramref name="entry"/>, or null when the rule gives nothing known.</summary>
    public string? LanguageOf(Xp3DatasetEntry entry, string? config)
    {
        var rule = entry.Language;
        string? raw = rule;
        if (rule.StartsWith("{config", StringComparison.Ordinal) && rule.EndsWith('}'))
        {
            if (config == null) return null;
            var spec = rule[7..^1];
            raw = spec.Length == 0 ? config : Part(config, spec[0], spec[1..]);
        }
        if (raw == null) return null;
        var lower = raw.ToLowerInvariant();
        if (Weights.ContainsKey(lower)) return lower;
        return Xp3Languages.CodeOf(lower) is { } code && Weights.ContainsKey(code) ? code : null;
    }

    static string? Part(string config, char separator, string index)
    {
        if (separator is not ('.' or '_') || !int.TryParse(index, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return null;
        var parts = config.Split(separator);
        if (i < 0) i += parts.Length;
        return i >= 0 && i < parts.Length ? parts[i] : null;
    }

    static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    static Xp3Role ParseRole(string s, string file, long line) => s.Trim() switch
    {
        "train" => Xp3Role.Train,
        "eval" => Xp3Role.Eval,
        "eval_nli" => Xp3Role.EvalNli,
        _ => throw new DataFormatException(file, line, $"role '{s}' is not train, eval or eval_nli"),
    };

    static class Csv
    {
        public static List<(string[] F, string File, long Line)> Read(string file, string[] columns) =>
            CsvRecordReader.ReadColumns(file, columns, "xP3 list");
    }
}
