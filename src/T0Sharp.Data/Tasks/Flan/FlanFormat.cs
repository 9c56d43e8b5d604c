using System.Text;
using System.Text.RegularExpressions;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Data.Tasks.Flan;

/// <summary>
/// FLAN's string formatting (flan/v2/preprocessors.py <c>format_from_feature_dictionary</c>, <c>format_options</c>):
/// a pattern is split with <c>re.split(r"({\w*})", pattern)</c>; each <c>{name}</c> part is replaced by the
/// feature's value (non-strings printed with Python's <c>str()</c>; FLAN's tf.strings.as_string differs only for
/// floats and booleans), every other part is kept literally. An unknown name is an error, as the KeyError in FLAN.
/// </summary>
public static partial class FlanFormat
{
    [GeneratedRegex(@"(\{\w*\})")]
    private static partial Regex Placeholder();

    /// <summary>The literal and placeholder parts of a pattern, in order (placeholders keep their braces).</summary>
    public static IReadOnlyList<string> Parts(string pattern) =>
        Placeholder().Split(pattern).Where(p => p.Length > 0).ToList();

    /// <summary>True for a placeholder part (<c>{name}</c>).</summary>
    public static bool IsPlaceholder(string part) => part.Length >= 2 && part[0] == '{' && part[^1] == '}' && Placeholder().IsMatch(part);

    /// <summary>The names a pattern refers to, in order of first use.</summary>
    public static IReadOnlyList<string> Names(string pattern) =>
        Parts(pattern).Where(IsPlaceholder).Select(p => p[1..^1]).Distinct().ToList();

    /// <summary>Formats <paramref name="pattern"/> with <paramref name="features"/>; <paramref name="onPart"/> sees each (text, is-field) piece.</summary>
    public static string Format(string pattern, IReadOnlyDictionary<string, object?> features, Action<string, bool>? onPart = null)
    {
        var sb = new StringBuilder();
        foreach (var part in Parts(pattern))
        {
            string text;
            bool field = IsPlaceholder(part);
            if (field)
            {
                var name = part[1..^1];
                if (!features.TryGetValue(name, out var v))
                    throw new KeyNotFoundException($"the pattern uses {{{name}}}, which the example does not have (fields: {string.Join(", ", features.Keys)})");
                text = Str(v);
            }
            else text = part;
            onPart?.Invoke(text, field);
            sb.Append(text);
        }
        return sb.ToString();
    }

    /// <summary>FLAN's deterministic options string: <c>"OPTIONS:\n- " + "\n- ".join(options)</c>.</summary>
    public static string Options(IReadOnlyList<string> options) => "OPTIONS:\n- " + string.Join("\n- ", options);

    /// <summary>A value as FLAN's formatter prints it (Python <c>str()</c> of the value).</summary>
    public static string Str(object? v) => v is string s ? s : PyFormat.Str(PyValue.FromDotNet(v));
}
