using System.Text;
using System.Text.RegularExpressions;
using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Filters;

/// <summary>Less common Jinja filters: dictsort, batch, slice, attr, tojson, indent, striptags.</summary>
internal static class MiscFilters
{
    public static void Register(Dictionary<string, FilterFunc> f)
    {
        f["dictsort"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_dictsort", "case_sensitive", "by", "reverse");
            bool cs = PyOps.Truthy(a.Get(0, "case_sensitive", false));
            var by = a.Get(1, "by", "key");
            bool reverse = PyOps.Truthy(a.Get(2, "reverse", false));
            int pos = by switch { "key" => 0, "value" => 1, _ => throw FilterRegistry.ArgError("You can only sort by either \"key\" or \"value\"") };
            if (v is Undefined u) throw u.Error();
            if (v is not PyDict d) throw PyException.AttributeError($"'{PyTypes.TypeName(v)}' object has no attribute 'items'");
            var items = d.Items.Select(kv => (object?)new PyTuple([kv.Key, kv.Value])).ToList();
            var sorted = PyListMethods.StableSort(items, reverse, t =>
            {
                var key = ((PyTuple)t!)[pos];
                return !cs && key is string s ? PyUnicode.Lower(s) : key;
            });
            return new PyList(sorted);
        };
        f["batch"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_batch", "linecount", "fill_with");
            long count = PyMethods.AsInt(a.Get(0, "linecount", null), "linecount");
            bool fill = a.Has(1, "fill_with") && a.Get(1, "fill_with", null) != null;
            var fillWith = a.Get(1, "fill_with", null);
            return new PyGenerator(Batch(v, count, fill, fillWith), "do_batch");
        };
        f["slice"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "sync_do_slice", "slices", "fill_with");
            long slices = PyMethods.AsInt(a.Get(0, "slices", null), "slices");
            var fillWith = a.Get(1, "fill_with", null);
            return new PyGenerator(Slice(v, slices, fillWith), "sync_do_slice");
        };
        f["attr"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_attr", "name");
            string name = PyFormat.Str(a.Get(0, "name", null));
            if (v is Undefined u) throw u.Error();
            return Lookup.TryPythonAttribute(v, name, out var value) ? value : Undefined.ForMember(v, name);
        };
        f["tojson"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_tojson", "indent");
            var sb = new StringBuilder();
            Json(sb, v);
            return sb.ToString().Replace("<", "\\u003c").Replace(">", "\\u003e").Replace("&", "\\u0026").Replace("'", "\\u0027");
        };
        f["indent"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_indent", "width", "first", "blank");
            var width = a.Get(0, "width", 4L);
            string indention = width is string ws ? ws : new string(' ', (int)PyMethods.AsInt(width, "width"));
            bool first = PyOps.Truthy(a.Get(1, "first", false)), blank = PyOps.Truthy(a.Get(2, "blank", false));
            string s = PyFormat.Str(v) + "\n";
            var lines = ((PyList)PyStrMethods.Call(s, "splitlines", PyArgs.Empty)!).Cast<string>().ToList();
            string rv;
            if (blank) rv = string.Join("\n" + indention, lines);
            else
            {
                rv = lines[0];
                if (lines.Count > 1) rv += "\n" + string.Join("\n", lines.Skip(1).Select(l => l.Length > 0 ? indention + l : l));
            }
            return first ? indention + rv : rv;
        };
        f["striptags"] = (_, v, _) =>
        {
            string s = Regex.Replace(PyFormat.Str(v), "<!--.*?-->|<[^>]*>", "", RegexOptions.Singleline);
            s = string.Join(" ", PyStrMethods.Split(s, null).Cast<string>());
            return System.Net.WebUtility.HtmlDecode(s);
        };
    }

    static IEnumerable<object?> Batch(object? v, long count, bool fill, object? fillWith)
    {
        if (count <= 0) throw PyException.ValueError("batch size must be positive");
        var tmp = new PyList();
        foreach (var item in PyIter.Iterate(v))
        {
            if (tmp.Count == count) { yield return tmp; tmp = new PyList(); }
            tmp.Add(item);
        }
        if (tmp.Count > 0)
        {
            if (fill) while (tmp.Count < count) tmp.Add(fillWith);
            yield return tmp;
        }
    }

    static IEnumerable<object?> Slice(object? v, long slices, object? fillWith)
    {
        var seq = PyIter.Iterate(v).ToList();
        int length = seq.Count;
        long perSlice = length / slices, withExtra = length % slices;
        long offset = 0;
        for (long i = 0; i < slices; i++)
        {
            long start = offset + i * perSlice;
            if (i < withExtra) offset++;
            long end = offset + (i + 1) * perSlice;
            var tmp = new PyList(seq.Skip((int)start).Take((int)(end - start)));
            if (fillWith != null && i >= withExtra) tmp.Add(fillWith);
            yield return tmp;
        }
    }

    /// <summary>Python <c>json.dumps(v, sort_keys=True)</c> (ensure_ascii, default separators).</summary>
    static void Json(StringBuilder sb, object? v)
    {
        switch (v)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case long or int or System.Numerics.BigInteger: sb.Append(PyFormat.Str(v)); break;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyFormat.FloatRepr(d));
                break;
            case string s: JsonString(sb, s); break;
            case PyList or PyTuple:
                {
                    sb.Append('[');
                    bool first = true;
                    foreach (var x in PyIter.Iterate(v)) { if (!first) sb.Append(", "); first = false; Json(sb, x); }
                    sb.Append(']');
                    break;
                }
            case PyDict d:
                {
                    var keys = d.Items.Select(kv => (Key: kv.Key switch
                    {
                        string s => s,
                        null => "null",
                        bool b => b ? "true" : "false",
                        long or int or double => PyFormat.Str(kv.Key),
                        _ => throw PyException.TypeError($"keys must be str, int, float, bool or None, not {PyTypes.TypeName(kv.Key)}"),
                    }, kv.Value)).ToList();
                    if (d.Items.Select(kv => kv.Key is string).Distinct().Count() > 1)
                        throw PyException.TypeError("'<' not supported between instances of 'int' and 'str'");
                    keys.Sort((x, y) => PyStr.Compare(x.Key, y.Key));
                    sb.Append('{');
                    for (int i = 0; i < keys.Count; i++)
                    {
                        if (i > 0) sb.Append(", ");
                        JsonString(sb, keys[i].Key);
                        sb.Append(": ");
                        Json(sb, keys[i].Value);
                    }
                    sb.Append('}');
                    break;
                }
            default:
                throw PyException.TypeError($"Object of type {PyTypes.TypeName(v)} is not JSON serializable");
        }
    }

    static void JsonString(StringBuilder sb, string s) => T0Sharp.Core.PythonJson.AppendString(sb, s);
}
