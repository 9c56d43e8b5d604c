using System.Globalization;
using System.Text;

namespace T0Sharp.Prompts.Python;

/// <summary>Python's Unicode character predicates and full case mappings (tables generated from Python 3.11).</summary>
public static class PyUnicode
{
    static readonly Lazy<Dictionary<int, string>> LowerMap = new(() => Load(PyCaseTable.Lower));
    static readonly Lazy<Dictionary<int, string>> UpperMap = new(() => Load(PyCaseTable.Upper));
    static readonly Lazy<Dictionary<int, string>> TitleMap = new(() => Load(PyCaseTable.Title));

    static Dictionary<int, string> Load(string data)
    {
        var map = new Dictionary<int, string>(2048);
        foreach (var entry in data.Split(','))
        {
            int colon = entry.IndexOf(':');
            int cp = int.Parse(entry.AsSpan(0, colon), NumberStyles.HexNumber);
            var sb = new StringBuilder();
            foreach (var part in entry[(colon + 1)..].Split('.'))
                sb.Append(char.ConvertFromUtf32(int.Parse(part, NumberStyles.HexNumber)));
            map[cp] = sb.ToString();
        }
        return map;
    }

    /// <summary>Python's <c>str.isspace</c> for one code point.</summary>
    public static bool IsSpace(int cp) => cp switch
    {
        >= 0x09 and <= 0x0d => true,
        >= 0x1c and <= 0x20 => true,
        0x85 or 0xa0 or 0x1680 or 0x2028 or 0x2029 or 0x202f or 0x205f or 0x3000 => true,
        >= 0x2000 and <= 0x200a => true,
        _ => false,
    };

    /// <summary>Python's <c>str.isprintable</c> for one code point (used by repr).</summary>
    public static bool IsPrintable(int cp)
    {
        if (cp == ' ') return true;
        if (cp >= 0xD800 && cp <= 0xDFFF) return false;
        var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }

    static bool IsCased(int cp) =>
        LowerMap.Value.ContainsKey(cp) || UpperMap.Value.ContainsKey(cp) || TitleMap.Value.ContainsKey(cp);

    static bool IsCaseIgnorable(int cp)
    {
        var cat = CharUnicodeInfo.GetUnicodeCategory(cp);
        return cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
            || cp is '\'' or '.' or ':' or '^' or '`' or 0xad or 0xb7 or 0x2019;
    }

    /// <summary>Python <c>str.lower()</c> (full mapping, final sigma rule).</summary>
    public static string Lower(string s)
    {
        if (IsAscii(s)) return AsciiLower(s);
        var cps = PyStr.CodePoints(s);
        var sb = new StringBuilder(s.Length);
        for (int i = 0; i < cps.Length; i++)
        {
            int cp = cps[i];
            if (cp == 0x3A3) { sb.Append(FinalSigma(cps, i) ? 'ς' : 'σ'); continue; }
            Append(sb, cp, LowerMap.Value);
        }
        return sb.ToString();
    }

    static bool FinalSigma(int[] cps, int i)
    {
        int j = i - 1;
        while (j >= 0 && IsCaseIgnorable(cps[j])) j--;
        if (j < 0 || !IsCased(cps[j])) return false;
        j = i + 1;
        while (j < cps.Length && IsCaseIgnorable(cps[j])) j++;
        return j >= cps.Length || !IsCased(cps[j]);
    }

    /// <summary>Python <c>str.upper()</c> (full mapping: ß → SS).</summary>
    public static string Upper(string s)
    {
        if (IsAscii(s)) return AsciiUpper(s);
        var sb = new StringBuilder(s.Length);
        foreach (int cp in PyStr.CodePoints(s)) Append(sb, cp, UpperMap.Value);
        return sb.ToString();
    }

    /// <summary>Python <c>str.capitalize()</c>: title-case the first character, lower-case the rest.</summary>
    public static string Capitalize(string s)
    {
        if (s.Length == 0) return s;
        if (IsAscii(s)) return char.ToUpperInvariant(s[0]) + AsciiLower(s[1..]);
        var cps = PyStr.CodePoints(s);
        var sb = new StringBuilder(s.Length);
        Append(sb, cps[0], TitleMap.Value);
        for (int i = 1; i < cps.Length; i++)
        {
            if (cps[i] == 0x3A3) { sb.Append(FinalSigma(cps, i) ? 'ς' : 'σ'); continue; }
            Append(sb, cps[i], LowerMap.Value);
        }
        return sb.ToString();
    }

    /// <summary>Python <c>str.title()</c>.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool prevCased = false;
        foreach (int cp in PyStr.CodePoints(s))
        {
            if (prevCased) Append(sb, cp, LowerMap.Value); else Append(sb, cp, TitleMap.Value);
            prevCased = IsCased(cp);
        }
        return sb.ToString();
    }

    static void Append(StringBuilder sb, int cp, Dictionary<int, string> map)
    {
        if (map.TryGetValue(cp, out var m)) sb.Append(m);
        else if (cp < 0x10000) sb.Append((char)cp);
        else sb.Append(char.ConvertFromUtf32(cp));
    }

    internal static bool IsAscii(string s) => !s.AsSpan().ContainsAnyExceptInRange('\0', '\x7f');

    static string AsciiLower(string s)
    {
        if (!s.AsSpan().ContainsAnyInRange('A', 'Z')) return s;
        return string.Create(s.Length, s, (span, src) => { for (int i = 0; i < src.Length; i++) { char c = src[i]; span[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c; } });
    }

    static string AsciiUpper(string s)
    {
        if (!s.AsSpan().ContainsAnyInRange('a', 'z')) return s;
        return string.Create(s.Length, s, (span, src) => { for (int i = 0; i < src.Length; i++) { char c = src[i]; span[i] = c is >= 'a' and <= 'z' ? (char)(c - 32) : c; } });
    }
}
