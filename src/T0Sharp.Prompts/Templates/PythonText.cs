namespace T0Sharp.Prompts.Templates;

/// <summary>The few Python string operations that promptsource's Template.apply performs outside Jinja.</summary>
internal static class PythonText
{
    /// <summary>promptsource's pipe protector: replaces "|||" in top-level string fields during rendering.</summary>
    public const string PipeProtector = "3ed2dface8203c4c9dfb1a5dc58e41e0";

    public const string Separator = "|||";

    /// <summary>The <c>}}</c> → <c> | string | truncate(2048) }}</c> textual rewrite applied when truncating.</summary>
    public const string TruncationRewrite = " | string | truncate(2048) }}";

    public static string Protect(string s) => s.Contains(Separator, StringComparison.Ordinal)
        ? s.Replace(Separator, PipeProtector, StringComparison.Ordinal) : s;

    public static string Unprotect(string s) => s.Contains(PipeProtector, StringComparison.Ordinal)
        ? s.Replace(PipeProtector, Separator, StringComparison.Ordinal) : s;

    /// <summary>Python's <c>str.strip()</c>: removes characters for which <c>str.isspace()</c> is true.</summary>
    public static string Strip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsSpace(s[start])) start++;
        while (end > start && IsSpace(s[end - 1])) end--;
        return start == 0 && end == s.Length ? s : s.Substring(start, end - start);
    }

    /// <summary>Python's <c>str.isspace()</c> for one character (all such characters are in the BMP).</summary>
    public static bool IsSpace(char c) => c switch
    {
        >= '\t' and <= '\r' => true,
        >= '\x1c' and <= ' ' => true,
        '\x85' or '\xa0' or '\u1680' or '\u2028' or '\u2029' or '\u202f' or '\u205f' or '\u3000' => true,
        >= '\u2000' and <= '\u200a' => true,
        _ => false,
    };
}
