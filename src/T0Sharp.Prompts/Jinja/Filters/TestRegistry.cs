using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Filters;

/// <summary>Jinja 3.1's built-in tests (<c>is defined</c>, <c>is false</c>, <c>equalto</c>, <c>==</c>, ...).</summary>
internal static class TestRegistry
{
    static readonly Dictionary<string, TestFunc> Tests = new(StringComparer.Ordinal);

    static TestRegistry()
    {
        Tests["defined"] = (_, v, _) => v is not Undefined;
        Tests["undefined"] = (_, v, _) => v is Undefined;
        Tests["none"] = (_, v, _) => v is null;
        Tests["true"] = (_, v, _) => v is true;
        Tests["false"] = (_, v, _) => v is false;
        Tests["boolean"] = (_, v, _) => v is bool;
        Tests["integer"] = (_, v, _) => v is long or System.Numerics.BigInteger;
        Tests["float"] = (_, v, _) => v is double;
        Tests["number"] = (_, v, _) => PyTypes.IsNumber(v);
        Tests["string"] = (_, v, _) => v is string;
        Tests["mapping"] = (_, v, _) => v is PyDict;
        Tests["sequence"] = (_, v, _) => v is string or PyList or PyTuple or PyDict or PyRange or Undefined;
        Tests["iterable"] = (_, v, _) => v is string or PyList or PyTuple or PyDict or PyRange or PyGenerator or Undefined or PyDictView;
        Tests["callable"] = (_, v, _) => v is PyCallable;
        Tests["sameas"] = (_, v, a) => ReferenceEquals(v, Arg(a)) || (v is null && Arg(a) is null) || (v is bool b && Arg(a) is bool c && b == c);
        Tests["escaped"] = (_, _, _) => false;
        Tests["odd"] = (_, v, _) => Mod2(v) == 1;
        Tests["even"] = (_, v, _) => Mod2(v) == 0;
        Tests["divisibleby"] = (_, v, a) => PyOps.Eq(PyArith.Mod(v, Arg(a)), 0L);
        Tests["lower"] = (_, v, _) => (bool)PyStrMethods.Call(PyFormat.Str(v), "islower", PyArgs.Empty)!;
        Tests["upper"] = (_, v, _) => (bool)PyStrMethods.Call(PyFormat.Str(v), "isupper", PyArgs.Empty)!;
        Tests["in"] = (_, v, a) => PyIter.Contains(Arg(a), v);
        Tests["filter"] = (_, v, _) => v is string s && FilterRegistry.Get(s) != null;
        Tests["test"] = (_, v, _) => v is string s && Tests.ContainsKey(s);
        TestFunc eq = (_, v, a) => PyOps.Eq(v, Arg(a));
        TestFunc ne = (_, v, a) => !PyOps.Eq(v, Arg(a));
        Tests["eq"] = Tests["equalto"] = Tests["=="] = eq;
        Tests["ne"] = Tests["!="] = ne;
        Tests["lt"] = Tests["lessthan"] = Tests["<"] = (_, v, a) => PyOps.CompareOp("lt", v, Arg(a));
        Tests["le"] = Tests["<="] = (_, v, a) => PyOps.CompareOp("lteq", v, Arg(a));
        Tests["gt"] = Tests["greaterthan"] = Tests[">"] = (_, v, a) => PyOps.CompareOp("gt", v, Arg(a));
        Tests["ge"] = Tests[">="] = (_, v, a) => PyOps.CompareOp("gteq", v, Arg(a));
    }

    static object? Arg(PyArgs a)
    {
        if (a.Positional.Length == 0 && a.Keywords.Length == 0) throw PyException.TypeError("test missing 1 required positional argument");
        return a.Positional.Length > 0 ? a.Positional[0] : a.Keywords[0].Value;
    }

    static long Mod2(object? v) => PyArith.Mod(v, 2L) is long l ? l : -1;

    public static TestFunc? Get(string name) => Tests.GetValueOrDefault(name);

    public static bool Call(RenderContext ctx, string name, object? value, PyArgs args)
    {
        var t = Get(name) ?? throw new PyException("TemplateRuntimeError", $"No test named '{name}'.");
        return t(ctx, value, args);
    }
}
