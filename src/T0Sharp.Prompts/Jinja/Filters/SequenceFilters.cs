using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Filters;

/// <summary>Sequence filters: length, count, list, first, last, sort, unique, min, max, sum, reverse, items.</summary>
internal static class SequenceFilters
{
    public static void Register(Dictionary<string, FilterFunc> f)
    {
        f["length"] = f["count"] = (_, v, a) => { FilterRegistry.Check(a, "len"); return (long)PyIter.Len(v); };
        f["list"] = (_, v, a) => { FilterRegistry.Check(a, "sync_do_list"); return PyIter.ToList(v); };
        f["first"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "sync_do_first");
            foreach (var x in PyIter.Iterate(v)) return x;
            return Undefined.WithHint("No first item, sequence was empty.");
        };
        f["last"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_last");
            if (v is PyGenerator) throw PyException.TypeError("'generator' object is not reversible");
            if (v is not (string or PyList or PyTuple or PyDict or PyRange or Undefined or PyDictView))
                throw PyException.TypeError($"'{PyTypes.TypeName(v)}' object is not reversible");
            var items = PyIter.AsReadOnlyList(v);
            return items.Count > 0 ? items[^1] : Undefined.WithHint("No last item, sequence was empty.");
        };
        f["sort"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "do_sort", "reverse", "case_sensitive", "attribute");
            bool reverse = PyOps.Truthy(a.Get(0, "reverse", false));
            bool cs = PyOps.Truthy(a.Get(1, "case_sensitive", false));
            var attr = a.Get(2, "attribute", null);
            var key = MultiAttrGetter(attr, !cs);
            return new PyList(PyListMethods.StableSort(PyIter.Iterate(v).ToList(), reverse, key));
        };
        f["unique"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "sync_do_unique", "case_sensitive", "attribute");
            bool cs = PyOps.Truthy(a.Get(0, "case_sensitive", false));
            var getter = FilterRegistry.AttrGetter(a.Get(1, "attribute", null), !cs);
            return new PyGenerator(Unique(v, getter), "sync_do_unique");
        };
        f["min"] = (_, v, a) => MinMax(v, a, "do_min", -1);
        f["max"] = (_, v, a) => MinMax(v, a, "do_max", 1);
        f["sum"] = (_, v, a) =>
        {
            FilterRegistry.Check(a, "sync_do_sum", "attribute", "start");
            var getter = FilterRegistry.AttrGetter(a.Get(0, "attribute", null));
            object? total = a.Get(1, "start", 0L);
            foreach (var x in PyIter.Iterate(v)) total = PyArith.Add(total, getter(x));
            return total;
        };
        f["reverse"] = (_, v, _) =>
        {
            if (v is string s) return PyStr.Slice(s, null, null, -1);
            var items = PyIter.Iterate(v).ToList();
            items.Reverse();
            return new PyGenerator(items, v is PyList ? "list_reverseiterator" : "reversed");
        };
        f["items"] = (_, v, _) =>
        {
            if (v is Undefined) return new PyGenerator([], "sync_do_items");
            if (v is not PyDict d) throw PyException.TypeError("Can only get item pairs from a mapping.");
            return new PyGenerator(d.Items.Select(kv => (object?)new PyTuple([kv.Key, kv.Value])).ToList(), "sync_do_items");
        };
    }

    static IEnumerable<object?> Unique(object? v, Func<object?, object?> key)
    {
        var seen = new HashSet<object>(PyKeyComparer.Instance);
        bool seenNone = false;
        foreach (var item in PyIter.Iterate(v))
        {
            var k = key(item);
            if (k is null) { if (seenNone) continue; seenNone = true; yield return item; continue; }
            if (!PyKeyComparer.IsHashable(k)) throw PyException.TypeError($"unhashable type: '{PyTypes.TypeName(k)}'");
            if (seen.Add(k)) yield return item;
        }
    }

    /// <summary>
    /// Jinja's <c>make_multi_attrgetter</c>: the key is always a list (one entry per comma-separated attribute),
    /// so equal keys — Undefined ones included — compare equal without calling <c>&lt;</c>.
    /// </summary>
    static Func<object?, object?>? MultiAttrGetter(object? attr, bool lower)
    {
        var getters = (attr is string s ? s.Split(',').Select(p => (object?)p) : [attr])
            .Select(p => FilterRegistry.AttrGetter(p, lower)).ToArray();
        return x => new PyList(getters.Select(g => g(x)));
    }

    static object? MinMax(object? v, PyArgs a, string fn, int sign)
    {
        FilterRegistry.Check(a, fn, "case_sensitive", "attribute");
        bool cs = PyOps.Truthy(a.Get(0, "case_sensitive", false));
        var key = FilterRegistry.AttrGetter(a.Get(1, "attribute", null), !cs);
        bool any = false;
        object? best = null, bestKey = null;
        foreach (var x in PyIter.Iterate(v))
        {
            var k = key(x);
            if (!any) { best = x; bestKey = k; any = true; continue; }
            int c = PyOps.Compare(k, bestKey, sign < 0 ? "<" : ">");
            if (c != int.MinValue && c * sign > 0) { best = x; bestKey = k; }
        }
        return any ? best : Undefined.WithHint("No aggregated item, sequence was empty.");
    }
}
