using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Filters;

/// <summary>A filter: <c>value | name(args)</c>.</summary>
internal delegate object? FilterFunc(RenderContext ctx, object? value, PyArgs args);

/// <summary>A test: <c>value is name(args)</c>.</summary>
internal delegate bool TestFunc(RenderContext ctx, object? value, PyArgs args);

/// <summary>
/// The filters of promptsource's environment: Jinja 3.1.6's built-ins plus promptsource's <c>choice</c>,
/// <c>most_frequent</c> and <c>highlight</c> (identity here).
/// </summary>
internal static class FilterRegistry
{
    static readonly Dictionary<string, FilterFunc> Filters = new(StringComparer.Ordinal);

    /// <summary>Filters Jinja marks <c>@pass_context</c>: its optimizer never constant-folds them.</summary>
    public static readonly HashSet<string> ContextFilters = ["map", "random", "reject", "rejectattr", "select", "selectattr"];

    static FilterRegistry()
    {
        StringFilters.Register(Filters);
        SequenceFilters.Register(Filters);
        NumberFilters.Register(Filters);
        HigherOrderFilters.Register(Filters);
        MiscFilters.Register(Filters);
        Filters["choice"] = RandomFilters.Choice;
        Filters["random"] = RandomFilters.Random;
        Filters["most_frequent"] = RandomFilters.MostFrequent;
        Filters["highlight"] = (_, v, _) => v;
    }

    public static FilterFunc? Get(string name) => Filters.GetValueOrDefault(name);

    public static IEnumerable<string> Names => Filters.Keys;

    /// <summary>Calls a filter by name (for <c>map('lower')</c> and friends).</summary>
    public static object? Call(RenderContext ctx, string name, object? value, PyArgs args)
    {
        var f = Get(name) ?? throw new PyException("TemplateRuntimeError", $"No filter named '{name}'.");
        return f(ctx, value, args);
    }

    internal static PyException ArgError(string message) => new("FilterArgumentError", message);

    /// <summary>Python's <c>TypeError</c> for a filter called with too many or unknown arguments.</summary>
    internal static void Check(PyArgs a, string fn, params string[] names)
    {
        if (a.Positional.Length > names.Length)
            throw PyException.TypeError($"{fn}() takes from 1 to {names.Length + 1} positional arguments but {a.Positional.Length + 1} were given");
        foreach (var kv in a.Keywords)
        {
            int idx = Array.IndexOf(names, kv.Key);
            if (idx < 0) throw PyException.TypeError($"{fn}() got an unexpected keyword argument '{kv.Key}'");
            if (idx < a.Positional.Length) throw PyException.TypeError($"{fn}() got multiple values for argument '{kv.Key}'");
        }
    }

    /// <summary>Jinja's <c>make_attrgetter</c>: dotted path of items (digits become int indexes).</summary>
    internal static Func<object?, object?> AttrGetter(object? attribute, bool lowerCase = false, object? fallback = null)
    {
        object?[] parts = attribute switch
        {
            null => [],
            string s => s.Split('.').Select(p => p.Length > 0 && p.All(char.IsAsciiDigit) ? (object?)long.Parse(p) : p).ToArray(),
            _ => [attribute],
        };
        return item =>
        {
            foreach (var p in parts)
            {
                item = Lookup.GetItem(item, p);
                if (fallback != null && item is Undefined) item = fallback;
            }
            if (lowerCase && item is string str) item = PyUnicode.Lower(str);
            return item;
        };
    }
}
