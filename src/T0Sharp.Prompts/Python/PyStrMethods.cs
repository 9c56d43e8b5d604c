using System.Text;

namespace T0Sharp.Prompts.Python;

/// <summary>Python <c>str</c> methods with CPython's semantics (code point indexes, Python's whitespace set).</summary>
public static class PyStrMethods
{
    public static object? Call(string s, string name, PyArgs a)
    {
        switch (name)
        {
            case "split": PyMethods.Arity(a, name, 0, 2); return Split(s, SepArg(a.Get(0, "sep", null)), MaxSplit(a));
            case "rsplit": PyMethods.Arity(a, name, 0, 2); return RSplit(s, SepArg(a.Get(0, "sep", null)), MaxSplit(a));
            case "splitlines": PyMethods.Arity(a, name, 0, 1); return SplitLines(s, PyOps.Truthy(a.Get(0, "keepends", false)));
            case "strip": PyMethods.Arity(a, name, 0, 1); return Strip(s, CharsArg(a, name), true, true);
            case "lstrip": PyMethods.Arity(a, name, 0, 1); return Strip(s, CharsArg(a, name), true, false);
            case "rstrip": PyMethods.Arity(a, name, 0, 1); return Strip(s, CharsArg(a, name), false, true);
            case "lower" or "casefold": PyMethods.Arity(a, name, 0, 0); return PyUnicode.Lower(s);
            case "upper": PyMethods.Arity(a, name, 0, 0); return PyUnicode.Upper(s);
            case "capitalize": PyMethods.Arity(a, name, 0, 0); return PyUnicode.Capitalize(s);
            case "title": PyMethods.Arity(a, name, 0, 0); return PyUnicode.Title(s);
            case "swapcase":
                PyMethods.Arity(a, name, 0, 0);
                return string.Concat(PyStr.Chars(s).Select(c => { var x = (string)c!; var l = PyUnicode.Lower(x); return l != x ? l : PyUnicode.Upper(x); }));
            case "replace":
                {
                    PyMethods.Arity(a, name, 2, 3);
                    var old = StrArg(a.Positional[0], "replace", 1);
                    var @new = StrArg(a.Positional[1], "replace", 2);
                    long count = a.Count > 2 ? PyMethods.AsInt(a.Positional[2], "count") : -1;
                    return Replace(s, old, @new, count);
                }
            case "join": PyMethods.Arity(a, name, 1, 1); return Join(s, a.Positional[0]);
            case "startswith" or "endswith":
                {
                    PyMethods.Arity(a, name, 1, 3);
                    string target = Window(s, a, 1);
                    bool Test(object? p)
                    {
                        if (p is not string ps)
                            throw PyException.TypeError($"{name} first arg must be str or a tuple of str, not {PyTypes.TypeName(p)}");
                        return name == "startswith" ? target.StartsWith(ps, StringComparison.Ordinal) : target.EndsWith(ps, StringComparison.Ordinal);
                    }
                    if (a.Positional[0] is PyTuple t) return t.Items.Any(Test);
                    return Test(a.Positional[0]);
                }
            case "find" or "index" or "rfind" or "rindex" or "count":
                {
                    PyMethods.Arity(a, name, 1, 3);
                    var sub = StrArg(a.Positional[0], name, 1, mustBeStr: true);
                    long start = a.Count > 1 && a.Positional[1] != null ? PyMethods.AsInt(a.Positional[1], "start") : 0;
                    return Find(s, sub, name, start, a.Count > 2 && a.Positional[2] != null ? PyMethods.AsInt(a.Positional[2], "end") : null);
                }
            case "isdigit" or "isdecimal" or "isnumeric":
                PyMethods.Arity(a, name, 0, 0);
                return s.Length > 0 && PyStr.CodePoints(s).All(cp => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(cp) == System.Globalization.UnicodeCategory.DecimalDigitNumber
                    || (name != "isdecimal" && System.Globalization.CharUnicodeInfo.GetDecimalDigitValue(PyStr.FromCodePoint(cp), 0) >= 0)
                    || (name == "isnumeric" && System.Globalization.CharUnicodeInfo.GetNumericValue(PyStr.FromCodePoint(cp), 0) >= 0));
            case "isalpha": PyMethods.Arity(a, name, 0, 0); return s.Length > 0 && PyStr.CodePoints(s).All(cp => Rune.IsLetter(new Rune(cp)));
            case "isalnum": PyMethods.Arity(a, name, 0, 0); return s.Length > 0 && PyStr.CodePoints(s).All(cp => Rune.IsLetterOrDigit(new Rune(cp)) || System.Globalization.CharUnicodeInfo.GetNumericValue(PyStr.FromCodePoint(cp), 0) >= 0);
            case "isspace": PyMethods.Arity(a, name, 0, 0); return s.Length > 0 && PyStr.CodePoints(s).All(PyUnicode.IsSpace);
            case "islower": PyMethods.Arity(a, name, 0, 0); return PyUnicode.Upper(s) != s && PyUnicode.Lower(s) == s;
            case "isupper": PyMethods.Arity(a, name, 0, 0); return PyUnicode.Lower(s) != s && PyUnicode.Upper(s) == s;
            case "istitle": PyMethods.Arity(a, name, 0, 0); return s.Length > 0 && PyUnicode.Title(s) == s && PyUnicode.Lower(s) != s;
            case "zfill":
                {
                    PyMethods.Arity(a, name, 1, 1);
                    long w = PyMethods.AsInt(a.Positional[0], "width");
                    int len = PyStr.Length(s);
                    if (w <= len) return s;
                    int signLen = s.Length > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
                    return s[..signLen] + new string('0', (int)(w - len)) + s[signLen..];
                }
            case "center" or "ljust" or "rjust":
                {
                    PyMethods.Arity(a, name, 1, 2);
                    long w = PyMethods.AsInt(a.Positional[0], "width");
                    string fill = a.Count > 1 ? (string)a.Positional[1]! : " ";
                    int len = PyStr.Length(s);
                    if (w <= len) return s;
                    int pad = (int)(w - len);
                    int left = name == "ljust" ? 0 : name == "rjust" ? pad : pad / 2 + (pad & (int)w & 1);
                    return string.Concat(Enumerable.Repeat(fill, left)) + s + string.Concat(Enumerable.Repeat(fill, pad - left));
                }
            case "partition" or "rpartition":
                {
                    PyMethods.Arity(a, name, 1, 1);
                    var sep = StrArg(a.Positional[0], name, 1, mustBeStr: true);
                    if (sep.Length == 0) throw PyException.ValueError("empty separator");
                    int i = name == "partition" ? s.IndexOf(sep, StringComparison.Ordinal) : s.LastIndexOf(sep, StringComparison.Ordinal);
                    if (i < 0) return name == "partition" ? new PyTuple([s, "", ""]) : new PyTuple(["", "", s]);
                    return new PyTuple([s[..i], sep, s[(i + sep.Length)..]]);
                }
            case "format": return PyStrFormat.Format(s, a);
        }
        throw PyException.AttributeError($"'str' object has no attribute '{name}'");
    }

    static string? SepArg(object? sep) => sep switch
    {
        null => null,
        string s => s.Length == 0 ? throw PyException.ValueError("empty separator") : s,
        _ => throw PyException.TypeError($"must be str or None, not {PyTypes.TypeName(sep)}"),
    };

    static long MaxSplit(PyArgs a) => PyMethods.AsInt(a.Get(1, "maxsplit", -1L), "maxsplit");

    static string? CharsArg(PyArgs a, string name)
    {
        var c = a.Get(0, "chars", null);
        return c switch
        {
            null => null,
            string s => s,
            _ => throw PyException.TypeError($"{name} arg must be None or str"),
        };
    }

    static string StrArg(object? v, string method, int n, bool mustBeStr = false) => v as string
        ?? throw PyException.TypeError(mustBeStr ? $"must be str, not {PyTypes.TypeName(v)}" : $"{method}() argument {n} must be str, not {PyTypes.TypeName(v)}");

    static string Window(string s, PyArgs a, int from)
    {
        if (a.Count <= from) return s;
        long? start = a.Positional[from] is null ? null : PyMethods.AsInt(a.Positional[from], "start");
        long? end = a.Count > from + 1 && a.Positional[from + 1] is not null ? PyMethods.AsInt(a.Positional[from + 1], "end") : null;
        return PyStr.Slice(s, start, end, null);
    }

    /// <summary>Python <c>str.split(sep, maxsplit)</c>; sep null splits on runs of whitespace and drops empty strings.</summary>
    public static PyList Split(string s, string? sep, long maxsplit = -1)
    {
        var result = new PyList();
        if (sep != null)
        {
            int start = 0;
            while (maxsplit != 0)
            {
                int i = s.IndexOf(sep, start, StringComparison.Ordinal);
                if (i < 0) break;
                result.Add(s[start..i]);
                start = i + sep.Length;
                maxsplit--;
            }
            result.Add(s[start..]);
            return result;
        }
        int p = 0, n = s.Length;
        while (true)
        {
            while (p < n && PyUnicode.IsSpace(s[p])) p++;
            if (p >= n) break;
            if (maxsplit == 0)
            {
                result.Add(s[p..]);
                break;
            }
            int q = p;
            while (q < n && !PyUnicode.IsSpace(s[q])) q++;
            result.Add(s[p..q]);
            maxsplit--;
            p = q;
        }
        return result;
    }

    /// <summary>Python <c>str.rsplit(sep, maxsplit)</c>.</summary>
    public static PyList RSplit(string s, string? sep, long maxsplit = -1)
    {
        if (maxsplit < 0) return Split(s, sep, -1);
        var parts = new List<object?>();
        if (sep != null)
        {
            int end = s.Length;
            while (maxsplit != 0)
            {
                int i = end - sep.Length < 0 ? -1 : s.LastIndexOf(sep, end - 1, end, StringComparison.Ordinal);
                if (i < 0 || i + sep.Length > end) break;
                parts.Add(s[(i + sep.Length)..end]);
                end = i;
                maxsplit--;
            }
            parts.Add(s[..end]);
        }
        else
        {
            int q = s.Length;
            while (true)
            {
                while (q > 0 && PyUnicode.IsSpace(s[q - 1])) q--;
                if (q <= 0) break;
                if (maxsplit == 0)
                {
                    parts.Add(s[..q]);
                    break;
                }
                int p = q;
                while (p > 0 && !PyUnicode.IsSpace(s[p - 1])) p--;
                parts.Add(s[p..q]);
                maxsplit--;
                q = p;
            }
        }
        parts.Reverse();
        return new PyList(parts);
    }

    static PyList SplitLines(string s, bool keepEnds)
    {
        var result = new PyList();
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                int eol = i;
                if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n') i++;
                result.Add(keepEnds ? s[start..(i + 1)] : s[start..eol]);
                start = i + 1;
            }
        }
        if (start < s.Length) result.Add(s[start..]);
        return result;
    }

    /// <summary>Python <c>str.strip(chars)</c> (chars null: Python whitespace).</summary>
    public static string Strip(string s, string? chars, bool left, bool right)
    {
        if (chars == null || PyStr.IsBmp(chars) && PyStr.IsBmp(s))
        {
            int b = 0, e = s.Length;
            if (chars == null)
            {
                if (left) while (b < e && PyUnicode.IsSpace(s[b])) b++;
                if (right) while (e > b && PyUnicode.IsSpace(s[e - 1])) e--;
            }
            else
            {
                if (left) while (b < e && chars.Contains(s[b])) b++;
                if (right) while (e > b && chars.Contains(s[e - 1])) e--;
            }
            return b == 0 && e == s.Length ? s : s[b..e];
        }
        var set = new HashSet<int>(PyStr.CodePoints(chars));
        var cps = PyStr.CodePoints(s);
        int lo = 0, hi = cps.Length;
        if (left) while (lo < hi && set.Contains(cps[lo])) lo++;
        if (right) while (hi > lo && set.Contains(cps[hi - 1])) hi--;
        return PyStr.FromCodePoints(cps.AsSpan(lo, hi - lo));
    }

    /// <summary>Python <c>str.replace(old, new, count)</c>, including the empty-<paramref name="old"/> case.</summary>
    public static string Replace(string s, string old, string @new, long count = -1)
    {
        if (count < 0 && old.Length > 0) return s.Replace(old, @new, StringComparison.Ordinal);
        var sb = new StringBuilder();
        if (old.Length == 0)
        {
            long n = 0;
            var chars = PyStr.Chars(s).Cast<string>().ToList();
            for (int i = 0; i <= chars.Count; i++)
            {
                if (count < 0 || n < count) { sb.Append(@new); n++; }
                if (i < chars.Count) sb.Append(chars[i]);
            }
            return sb.ToString();
        }
        int start = 0;
        while (count != 0)
        {
            int i = s.IndexOf(old, start, StringComparison.Ordinal);
            if (i < 0) break;
            sb.Append(s, start, i - start).Append(@new);
            start = i + old.Length;
            count--;
        }
        sb.Append(s, start, s.Length - start);
        return sb.ToString();
    }

    /// <summary>Python <c>sep.join(iterable)</c>: TypeError on a non-str item.</summary>
    public static string Join(string sep, object? iterable)
    {
        var sb = new StringBuilder();
        int i = 0;
        foreach (var item in PyIter.Iterate(iterable))
        {
            if (item is not string s)
                throw PyException.TypeError($"sequence item {i}: expected str instance, {PyTypes.TypeName(item)} found");
            if (i > 0) sb.Append(sep);
            sb.Append(s);
            i++;
        }
        return sb.ToString();
    }

    static object Find(string s, string sub, string name, long start, long? end)
    {
        bool bmp = PyStr.IsBmp(s) && PyStr.IsBmp(sub);
        string hay = s;
        int offset = 0;
        if (start != 0 || end != null)
        {
            int len = PyStr.Length(s);
            long b = start < 0 ? Math.Max(0, start + len) : start;
            long e = end is null ? len : end < 0 ? Math.Max(0, end.Value + len) : Math.Min(end.Value, len);
            if (b > len || b > e)
            {
                if (name == "count") return 0L;
                if (name is "find" or "rfind") return -1L;
                throw PyException.ValueError("substring not found");
            }
            hay = PyStr.Slice(s, b, e, null);
            offset = (int)b;
        }
        if (name == "count")
        {
            if (sub.Length == 0) return (long)PyStr.Length(hay) + 1;
            long c = 0;
            for (int i = hay.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = hay.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) c++;
            return c;
        }
        int idx = name is "find" or "index" ? hay.IndexOf(sub, StringComparison.Ordinal) : hay.LastIndexOf(sub, StringComparison.Ordinal);
        if (idx < 0)
        {
            if (name is "find" or "rfind") return -1L;
            throw PyException.ValueError("substring not found");
        }
        if (!bmp) idx = PyStr.Length(hay[..idx]);
        return (long)(idx + offset);
    }
}
