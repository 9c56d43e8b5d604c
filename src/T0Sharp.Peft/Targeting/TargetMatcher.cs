using System.Globalization;
using T0Sharp.Peft.Config;

namespace T0Sharp.Peft.Targeting;

/// <summary>
/// PEFT's <c>check_target_module_exists</c> for one module name (e.g. <c>encoder.block.0.layer.0.SelfAttention.q</c>):
/// a string target is a regular expression that must match the whole name; a list matches a name equal to an entry
/// or ending with ".entry". <c>layers_to_transform</c> then keeps only modules in those layers, the layer index taken
/// from <c>layers_pattern</c> (<c>.*\.{pattern}\.(\d+)\.</c>) or, without one, from the last "<c>.name.N.</c>" in the
/// name — for T5 that is the sub-layer index in <c>layer.N</c>, not the block, exactly as in PEFT; set
/// <c>layers_pattern: block</c> to select blocks. As in PEFT, the layer filter applies only to suffix matches.
/// </summary>
public static class TargetMatcher
{
    /// <summary>The list entry (or the regex) that matched <paramref name="moduleName"/>, or null when none did.</summary>
    public static string? Match(TargetSpec targets, string moduleName, LayerSelection? layers = null, LayersPattern? pattern = null)
    {
        if (targets.Regex is { } regex) return PythonRegex.FullMatch(regex, moduleName) ? regex : null;
        var names = targets.Names!;
        foreach (var n in names)
            if (n == moduleName) return n;
        var suffix = names.FirstOrDefault(n => moduleName.EndsWith("." + n, StringComparison.Ordinal));
        if (suffix is null) return null;
        if (layers is null || layers.Indexes.Count == 0) return suffix;
        var index = LayerIndex(moduleName, pattern);
        return index is { } i && layers.Indexes.Contains(i) ? suffix : null;
    }

    /// <summary>The layer index PEFT reads from a module name, or null when the name has none.</summary>
    public static int? LayerIndex(string moduleName, LayersPattern? pattern)
    {
        if (pattern is null || pattern.Patterns.Count == 0 || pattern.Patterns.All(p => p.Length == 0))
            return Parse(PythonRegex.Match(@".*\.[^.]*\.(\d+)\.", moduleName));
        foreach (var p in pattern.Patterns)
            if (Parse(PythonRegex.Match(@".*\." + p + @"\.(\d+)\.", moduleName)) is { } i) return i;
        return null;
    }

    static int? Parse(System.Text.RegularExpressions.Match m) =>
        m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// PEFT's rank_pattern / alpha_pattern lookup: the first key (rank keys, then alpha keys) with
    /// <c>re.match(".*\.{key}$", name)</c> decides; its rank and alpha come from the respective maps, else the defaults.
    /// </summary>
    public static (double Rank, double Alpha) RankAndAlpha(string moduleName, LoraConfig c)
    {
        var keys = c.RankPattern.Select(p => p.Key).Concat(c.AlphaPattern.Select(p => p.Key));
        var key = keys.FirstOrDefault(k => PythonRegex.Match(@".*\." + k + "$", moduleName).Success) ?? moduleName;
        double rank = c.R, alpha = c.LoraAlpha;
        foreach (var (k, v) in c.RankPattern) if (k == key) { rank = v; break; }
        foreach (var (k, v) in c.AlphaPattern) if (k == key) { alpha = v; break; }
        return (rank, alpha);
    }

    /// <summary>PEFT's modules_to_save and feed-forward matching: a name ending with the entry (no dot boundary), or a full regex.</summary>
    public static bool EndsWithAny(TargetSpec spec, string moduleName) => spec.Regex is { } regex
        ? PythonRegex.FullMatch(regex, moduleName)
        : spec.Names!.Any(n => moduleName.EndsWith(n, StringComparison.Ordinal));
}
