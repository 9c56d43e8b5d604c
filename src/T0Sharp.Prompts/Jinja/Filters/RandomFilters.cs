using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Filters;

/// <summary>promptsource's <c>choice</c> and <c>most_frequent</c>, and Jinja's <c>random</c>, over the render's <see cref="PyRandom"/>.</summary>
internal static class RandomFilters
{
    /// <summary>promptsource's <c>choice</c>: Python <c>random.choice(seq)</c>; IndexError on an empty sequence.</summary>
    public static object? Choice(RenderContext ctx, object? value, PyArgs a)
    {
        FilterRegistry.Check(a, "choice");
        return PyChoice(ctx.Rng, value);
    }

    /// <summary>Python's <c>random.choice(seq)</c>: <c>seq[_randbelow(len(seq))]</c>.</summary>
    public static object? PyChoice(PyRandom rng, object? seq)
    {
        int n = PyIter.Len(seq);
        if (n == 0) throw PyException.IndexError("Cannot choose from an empty sequence");
        int i = rng.RandBelow(n);
        return seq switch
        {
            string s => PyStr.Index(s, i),
            PyList l => l[i],
            PyTuple t => t[i],
            PyRange r => r[i],
            PyDict d => d.TryGetValue((long)i, out var v) ? v : throw PyException.KeyError(i.ToString()),
            PyDictView v => throw PyException.TypeError($"'{PyTypes.TypeName(v)}' object is not subscriptable"),
            _ => throw PyException.TypeError($"'{PyTypes.TypeName(seq)}' object is not subscriptable"),
        };
    }

    /// <summary>Jinja's <c>random</c>: like choice, but Undefined instead of IndexError on an empty sequence.</summary>
    public static object? Random(RenderContext ctx, object? value, PyArgs a)
    {
        FilterRegistry.Check(a, "do_random");
        if (PyIter.Len(value) == 0) return Undefined.WithHint("No random item, sequence was empty.");
        return PyChoice(ctx.Rng, value);
    }

    /// <summary>promptsource's <c>most_frequent</c>: None for a falsy input, else the items sharing the top count, by first occurrence.</summary>
    public static object? MostFrequent(RenderContext ctx, object? value, PyArgs a)
    {
        FilterRegistry.Check(a, "most_frequent");
        if (!PyOps.Truthy(value)) return null;
        var counts = new List<(object? Item, int Count)>();
        var index = new Dictionary<object, int>(PyKeyComparer.Instance);
        int noneIndex = -1;
        foreach (var item in PyIter.Iterate(value))
        {
            if (item is null)
            {
                if (noneIndex < 0) { noneIndex = counts.Count; counts.Add((null, 0)); }
                counts[noneIndex] = (null, counts[noneIndex].Count + 1);
                continue;
            }
            if (!PyKeyComparer.IsHashable(item)) throw PyException.TypeError($"unhashable type: '{PyTypes.TypeName(item)}'");
            if (!index.TryGetValue(item, out var i)) { i = counts.Count; index[item] = i; counts.Add((item, 0)); }
            counts[i] = (counts[i].Item, counts[i].Count + 1);
        }
        if (counts.Count == 0) throw PyException.IndexError("list index out of range");
        int max = counts.Max(c => c.Count);
        return new PyList(counts.Where(c => c.Count == max).Select(c => c.Item));
    }
}
