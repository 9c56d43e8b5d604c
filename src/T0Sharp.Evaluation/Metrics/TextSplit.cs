namespace T0Sharp.Evaluation.Metrics;

/// <summary>Python-compatible string helpers the reference metric scripts rely on.</summary>
public static class TextSplit
{
    /// <summary>Python's <c>str.split()</c> with no argument: splits on runs of whitespace and drops empty parts.</summary>
    public static List<string> PythonSplit(string s)
    {
        var parts = new List<string>();
        var start = -1;
        for (var i = 0; i < s.Length; i++)
        {
            if (IsPythonSpace(s[i]))
            {
                if (start >= 0) { parts.Add(s[start..i]); start = -1; }
            }
            else if (start < 0) start = i;
        }
        if (start >= 0) parts.Add(s[start..]);
        return parts;
    }

    /// <summary>Python's <c>str.isspace</c> for one UTF-16 unit (all Python whitespace is in the BMP).</summary>
    public static bool IsPythonSpace(char c) =>
        char.IsWhiteSpace(c) || c is '\x1c' or '\x1d' or '\x1e' or '\x1f';

    /// <summary>Python's <c>str.strip()</c> with no argument.</summary>
    public static string PythonStrip(string s)
    {
        int a = 0, b = s.Length;
        while (a < b && IsPythonSpace(s[a])) a++;
        while (b > a && IsPythonSpace(s[b - 1])) b--;
        return s[a..b];
    }
}
