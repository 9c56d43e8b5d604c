using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Filters;

/// <summary>
/// map, select, reject, selectattr, rejectattr: lazy generators as in Jinja (argument errors surface when the
/// generator is consumed; a falsy input yields nothing).
/// </summary>
internal static class HigherOrderFilters
{
    public static void Register(Dictionary<string, FilterFunc> f)
    {
        f["map"] = (ctx, v, a) => new PyGenerator(Map(ctx, v, a), "sync_do_map");
        f["select"] = (ctx, v, a) => new PyGenerator(SelectOrReject(ctx, v, a, false, false), "select_or_reject");
        f["reject"] = (ctx, v, a) => new PyGenerator(SelectOrReject(ctx, v, a, true, false), "select_or_reject");
        f["selectattr"] = (ctx, v, a) => new PyGenerator(SelectOrReject(ctx, v, a, false, true), "select_or_reject");
        f["rejectattr"] = (ctx, v, a) => new PyGenerator(SelectOrReject(ctx, v, a, true, true), "select_or_reject");
    }

    static IEnumerable<object?> Map(RenderContext ctx, object? value, PyArgs a)
    {
        if (!PyOps.Truthy(value)) yield break;
        Func<object?, object?> func;
        if (a.Positional.Length == 0 && a.Keywords.Any(k => k.Key == "attribute"))
        {
            var attribute = a.Keywords.First(k => k.Key == "attribute").Value;
            var fallback = a.Keywords.FirstOrDefault(k => k.Key == "default").Value;
            var extra = a.Keywords.FirstOrDefault(k => k.Key is not ("attribute" or "default"));
            if (extra.Key != null) throw FilterRegistry.ArgError($"Unexpected keyword argument {PyFormat.Repr(extra.Key)}");
            func = FilterRegistry.AttrGetter(attribute, fallback: fallback);
        }
        else
        {
            if (a.Positional.Length == 0) throw FilterRegistry.ArgError("map requires a filter argument");
            string name = PyFormat.Str(a.Positional[0]);
            var rest = new PyArgs(a.Positional[1..], a.Keywords);
            func = item => FilterRegistry.Call(ctx, name, item, rest);
        }
        foreach (var item in PyIter.Iterate(value)) yield return func(item);
    }

    static IEnumerable<object?> SelectOrReject(RenderContext ctx, object? value, PyArgs a, bool reject, bool lookupAttr)
    {
        if (!PyOps.Truthy(value)) yield break;
        Func<object?, object?> trans = x => x;
        int off = 0;
        if (lookupAttr)
        {
            if (a.Positional.Length == 0) throw FilterRegistry.ArgError("Missing parameter for attribute name");
            trans = FilterRegistry.AttrGetter(a.Positional[0]);
            off = 1;
        }
        Func<object?, bool> test;
        if (a.Positional.Length > off)
        {
            string name = PyFormat.Str(a.Positional[off]);
            var rest = new PyArgs(a.Positional[(off + 1)..], a.Keywords);
            test = item => TestRegistry.Call(ctx, name, item, rest);
        }
        else test = PyOps.Truthy;
        foreach (var item in PyIter.Iterate(value))
        {
            if (test(trans(item)) != reject) yield return item;
        }
    }
}
