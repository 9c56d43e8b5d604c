using System.Text.RegularExpressions;

namespace T0Sharp.Peft.Targeting;

/// <summary>
/// Python's <c>re.fullmatch</c> and <c>re.match</c> on module names. The pattern is wrapped in a non-capturing group so
/// that alternation keeps Python's meaning (<c>re.match("a|b", s)</c> anchors both alternatives at the start).
/// </summary>
internal static class PythonRegex
{
    static readonly Dictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary><c>re.fullmatch(pattern, text)</c>.</summary>
    public static bool FullMatch(string pattern, string text) => Get(@"\A(?:" + pattern + @")\z").IsMatch(text);

    /// <summary><c>re.match(pattern, text)</c>: anchored at the start only.</summary>
    public static Match Match(string pattern, string text) => Get(@"\A(?:" + pattern + ")").Match(text);

    static Regex Get(string pattern)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(pattern, out var r)) return r;
            try { r = new Regex(pattern, RegexOptions.CultureInvariant); }
            catch (ArgumentException e) { throw new ArgumentException($"invalid regular expression: {e.Message}", e); }
            Cache[pattern] = r;
            return r;
        }
    }
}
