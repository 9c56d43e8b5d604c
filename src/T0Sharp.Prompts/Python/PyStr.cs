using System.Text;

namespace T0Sharp.Prompts.Python;

/// <summary>Python strings as sequences of code points over .NET UTF-16 strings (fast paths when there are no surrogates).</summary>
public static class PyStr
{
    /// <summary>True when every UTF-16 unit is a whole code point (no surrogates), so unit indexes are code point indexes.</summary>
    public static bool IsBmp(string s) => !s.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF');

    /// <summary>Python <c>len(s)</c>.</summary>
    public static int Length(string s)
    {
        if (IsBmp(s)) return s.Length;
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            n++;
        }
        return n;
    }

    /// <summary>The code points of <paramref name="s"/> (a lone surrogate counts as one code point).</summary>
    public static int[] CodePoints(string s)
    {
        var list = new int[s.Length];
        int n = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                list[n++] = char.ConvertToUtf32(c, s[i + 1]);
                i++;
            }
            else list[n++] = c;
        }
        Array.Resize(ref list, n);
        return list;
    }

    public static string FromCodePoint(int cp) => cp < 0x10000 ? ((char)cp).ToString() : char.ConvertFromUtf32(cp);

    public static string FromCodePoints(ReadOnlySpan<int> cps)
    {
        var sb = new StringBuilder(cps.Length);
        foreach (var cp in cps)
        {
            if (cp < 0x10000) sb.Append((char)cp); else sb.Append(char.ConvertFromUtf32(cp));
        }
        return sb.ToString();
    }

    /// <summary>The code points of <paramref name="s"/> as one-character strings (Python <c>list(s)</c>).</summary>
    public static IEnumerable<object?> Chars(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                yield return s.Substring(i, 2);
                i++;
            }
            else yield return s[i].ToString();
        }
    }

    /// <summary>Python <c>s[index]</c> (negative indexes count from the end); IndexError when out of range.</summary>
    public static string Index(string s, long index)
    {
        if (IsBmp(s))
        {
            if (index < 0) index += s.Length;
            if (index < 0 || index >= s.Length) throw PyException.IndexError("string index out of range");
            return s[(int)index].ToString();
        }
        var cps = CodePoints(s);
        if (index < 0) index += cps.Length;
        if (index < 0 || index >= cps.Length) throw PyException.IndexError("string index out of range");
        return FromCodePoint(cps[(int)index]);
    }

    /// <summary>Python <c>s[start:stop:step]</c>.</summary>
    public static string Slice(string s, long? start, long? stop, long? step)
    {
        if (IsBmp(s))
        {
            var (b, e, st, n) = PySlice.Indices(s.Length, start, stop, step);
            if (st == 1) return n <= 0 ? "" : s.Substring(b, n);
            var sb = new StringBuilder(n);
            for (int i = 0, k = b; i < n; i++, k += st) sb.Append(s[k]);
            _ = e;
            return sb.ToString();
        }
        var cps = CodePoints(s);
        var (b2, _, st2, n2) = PySlice.Indices(cps.Length, start, stop, step);
        var picked = new int[Math.Max(n2, 0)];
        for (int i = 0, k = b2; i < n2; i++, k += st2) picked[i] = cps[k];
        return FromCodePoints(picked);
    }

    /// <summary>Python <c>s * n</c>.</summary>
    public static string Repeat(string s, long n)
    {
        if (n <= 0 || s.Length == 0) return "";
        if ((long)s.Length * n > 1 << 28) throw new PyException("MemoryError", "");
        var sb = new StringBuilder(s.Length * (int)n);
        for (long i = 0; i < n; i++) sb.Append(s);
        return sb.ToString();
    }

    /// <summary>Python's ordering of strings: by code point (UTF-16 ordinal order differs above U+D7FF).</summary>
    public static int Compare(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length);
        for (int i = 0; i < n; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            bool xs = char.IsSurrogate(x), ys = char.IsSurrogate(y);
            if (xs == ys) return x < y ? -1 : 1;
            // a surrogate encodes a code point above U+FFFF; it sorts after every BMP unit at or above U+E000.
            if (xs) return y >= 0xE000 ? 1 : (x < y ? -1 : 1);
            return x >= 0xE000 ? -1 : (x < y ? -1 : 1);
        }
        return a.Length.CompareTo(b.Length);
    }
}

/// <summary>Python's slice index normalisation (<c>slice.indices</c>).</summary>
public static class PySlice
{
    /// <summary>Returns (start, stop, step, count) for a sequence of <paramref name="length"/> items.</summary>
    public static (int Start, int Stop, int Step, int Count) Indices(int length, long? start, long? stop, long? step)
    {
        long st = step ?? 1;
        if (st == 0) throw PyException.ValueError("slice step cannot be zero");
        long b, e;
        if (st > 0)
        {
            b = start is null ? 0 : Clamp(start.Value, length, 0, length);
            e = stop is null ? length : Clamp(stop.Value, length, 0, length);
        }
        else
        {
            b = start is null ? length - 1 : Clamp(start.Value, length, -1, length - 1);
            e = stop is null ? -1 : Clamp(stop.Value, length, -1, length - 1);
        }
        long count = st > 0 ? (e > b ? (e - b - 1) / st + 1 : 0) : (b > e ? (b - e - 1) / (-st) + 1 : 0);
        return ((int)b, (int)e, (int)st, (int)count);
    }

    static long Clamp(long v, int length, long lo, long hi)
    {
        if (v < 0) v += length;
        return v < lo ? lo : v > hi ? hi : v;
    }
}
