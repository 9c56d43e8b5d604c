using System.Text;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Filters;

/// <summary>String filters: join, replace, trim, lower, upper, capitalize, title, string, truncate, format, wordcount, center, escape.</summary>
internal static class StringFilters
{
    public static void Register(Dictionary<string, FilterFunc> f)
    {
        f["join"] = Join;
        f["default"] = f["d"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_default", "default_value", "boolean");
            bool boolean = PyOps.Truthy(a.Get(1, "boolean", false));
            return v is Undefined || (boolean && !PyOps.Truthy(v)) ? a.Get(0, "default_value", "") : v;
        };
        f["replace"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_replace", "old", "new", "count");
            if (!a.Has(0, "old") || !a.Has(1, "new")) throw PyException.TypeError("do_replace() missing required positional arguments");
            var count = a.Get(2, "count", null);
            return PyStrMethods.Replace(PyFormat.Str(v), PyFormat.Str(a.Get(0, "old", null)), PyFormat.Str(a.Get(1, "new", null)),
                count == null ? -1 : PyMethods.AsInt(count, "count"));
        };
        f["trim"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_trim", "chars");
            var chars = a.Get(0, "chars", null);
            if (chars != null && chars is not string) throw PyException.TypeError("strip arg must be None or str");
            return PyStrMethods.Strip(PyFormat.Str(v), (string?)chars, true, true);
        };
        f["lower"] = (_, v, a) => { FilterRegistry.Check(a, "do_lower"); return PyUnicode.Lower(PyFormat.Str(v)); };
        f["upper"] = (_, v, a) => { FilterRegistry.Check(a, "do_upper"); return PyUnicode.Upper(PyFormat.Str(v)); };
        f["capitalize"] = (_, v, a) => { FilterRegistry.Check(a, "do_capitalize"); return PyUnicode.Capitalize(PyFormat.Str(v)); };
        f["title"] = (_, v, a) => { FilterRegistry.Check(a, "do_title"); return Title(PyFormat.Str(v)); };
        f["string"] = (_, v, a) => { FilterRegistry.Check(a, "soft_str"); return PyFormat.Str(v); };
        f["safe"] = (_, v, _) => PyFormat.Str(v);
        f["truncate"] = Truncate;
        f["format"] = (_, v, a) =>
        {
            if (a.Positional.Length > 0 && a.Keywords.Length > 0)
                throw FilterRegistry.ArgError("can't handle positional and keyword arguments at the same time");
            string fmt = PyFormat.Str(v);
            if (a.Keywords.Length > 0)
            {
                var d = new PyDict();
                foreach (var kv in a.Keywords) d[kv.Key] = kv.Value;
                return PyPrintf.Format(fmt, d);
            }
            return PyPrintf.Format(fmt, new PyTuple(a.Positional));
        };
        f["wordcount"] = (_, v, _) => (long)WordCount(PyFormat.Str(v));
        f["center"] = (_, v, a) => PyStrMethods.Call(PyFormat.Str(v), "center", new PyArgs([a.Get(0, "width", 80L)], []));
        f["escape"] = f["e"] = f["forceescape"] = (_, v, _) => Escape(PyFormat.Str(v));
    }

    static object? Join(Runtime.RenderContext ctx, object? v, PyArgs a)
    {
        FilterRegistry.Check(a, "sync_do_join", "d", "attribute");
        string sep = PyFormat.Str(a.Get(0, "d", ""));
        var attr = a.Get(1, "attribute", null);
        var getter = attr == null ? null : FilterRegistry.AttrGetter(attr);
        var sb = new StringBuilder();
        bool first = true;
        foreach (var item in PyIter.Iterate(v))
        {
            if (!first) sb.Append(sep);
            first = false;
            sb.Append(PyFormat.Str(getter == null ? item : getter(item)));
        }
        return sb.ToString();
    }

    /// <summary>Jinja's <c>do_truncate</c>: leeway 5, cut at the last space unless killwords, append end.</summary>
    static object? Truncate(Runtime.RenderContext ctx, object? v, PyArgs a)
    {
        FilterRegistry.Check(a, "do_truncate", "length", "killwords", "end", "leeway");
        long length = PyMethods.AsInt(a.Get(0, "length", 255L), "length");
        bool killwords = PyOps.Truthy(a.Get(1, "killwords", false));
        var endObj = a.Get(2, "end", "...");
        string end = endObj as string ?? throw PyException.TypeError($"object of type '{PyTypes.TypeName(endObj)}' has no len()");
        long leeway = PyMethods.AsInt(a.Get(3, "leeway", null) ?? 5L, "leeway");
        int endLen = PyStr.Length(end);
        if (length < endLen) throw new PyException("AssertionError", $"expected length >= {endLen}, got {length}");
        if (leeway < 0) throw new PyException("AssertionError", $"expected leeway >= 0, got {leeway}");
        if (v is not string s)
        {
            // Jinja calls len(s) and slices s; other types behave as Python would for them.
            if (v is Undefined) s = "";
            else if (v is PyList or PyTuple)
            {
                if (PyIter.Len(v) <= length + leeway) return v;
                throw PyException.TypeError($"can only concatenate {PyTypes.TypeName(v)} (not \"str\") to {PyTypes.TypeName(v)}");
            }
            else throw PyException.TypeError($"object of type '{PyTypes.TypeName(v)}' has no len()");
        }
        if (PyStr.Length(s) <= length + leeway) return s;
        string head = PyStr.Slice(s, 0, length - endLen, null);
        if (killwords) return head + end;
        int sp = head.LastIndexOf(' ');
        return (sp >= 0 ? head[..sp] : head) + end;
    }

    static string Title(string s)
    {
        // Jinja: words split on whitespace, brackets and braces; each word's first char upper, rest lower.
        var sb = new StringBuilder(s.Length);
        bool start = true;
        foreach (var ch in PyStr.Chars(s))
        {
            var c = (string)ch!;
            bool boundary = c.Length == 1 && (PyUnicode.IsSpace(c[0]) || c[0] is '-' or '(' or '{' or '[' or '<');
            sb.Append(start ? PyUnicode.Upper(c) : PyUnicode.Lower(c));
            start = boundary;
        }
        return sb.ToString();
    }

    static int WordCount(string s)
    {
        int n = 0;
        bool inWord = false;
        foreach (var c in s)
        {
            bool w = char.IsLetterOrDigit(c) || c == '_';
            if (w && !inWord) n++;
            inWord = w;
        }
        return n;
    }

    static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("'", "&#39;").Replace("\"", "&#34;");
}
