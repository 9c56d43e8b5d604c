namespace T0Sharp.Prompts.Python;

/// <summary>Dispatch of Python method calls (<c>obj.name(args)</c>) on str, list and dict values.</summary>
public static class PyMethods
{
    static readonly HashSet<string> StrMethods =
    [
        "split", "rsplit", "splitlines", "strip", "lstrip", "rstrip", "lower", "upper", "capitalize", "title",
        "casefold", "swapcase", "replace", "join", "startswith", "endswith", "index", "rindex", "find", "rfind",
        "count", "isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper", "isnumeric", "isdecimal",
        "istitle", "zfill", "center", "ljust", "rjust", "partition", "rpartition", "format",
    ];

    static readonly HashSet<string> ListMethods =
        ["append", "extend", "insert", "pop", "remove", "index", "count", "reverse", "sort", "copy", "clear"];

    static readonly HashSet<string> DictMethods =
        ["keys", "values", "items", "get", "update", "pop", "setdefault", "copy", "clear", "popitem"];

    /// <summary>True when Python's <c>getattr(obj, name)</c> finds a method.</summary>
    public static bool HasMethod(object? obj, string name) => obj switch
    {
        string => StrMethods.Contains(name),
        PyList => ListMethods.Contains(name),
        PyDict => DictMethods.Contains(name),
        PyTuple => name is "index" or "count",
        _ => false,
    };

    public static object? Call(object? obj, string name, PyArgs args)
    {
        try { return Dispatch(obj, name, args); }
        catch (PyException e) when (e.PythonType == "TypeError" && e.Message.StartsWith(name + "() takes ", StringComparison.Ordinal))
        {
            // CPython names builtin methods with their type in arity errors: "str.upper() takes no arguments (1 given)".
            throw PyException.TypeError(PyTypes.TypeName(obj) + "." + e.Message);
        }
    }

    static object? Dispatch(object? obj, string name, PyArgs args) => obj switch
    {
        string s => PyStrMethods.Call(s, name, args),
        PyList l => PyListMethods.Call(l, name, args),
        PyDict d => PyDictMethods.Call(d, name, args),
        PyTuple t => PyListMethods.CallTuple(t, name, args),
        _ => throw PyException.AttributeError($"'{PyTypes.TypeName(obj)}' object has no attribute '{name}'"),
    };

    internal static void Arity(PyArgs args, string name, int min, int max)
    {
        if (args.Keywords.Length > 0 && max >= 0)
        {
            // Most of these builtins take positional arguments only.
            if (name is not ("split" or "rsplit" or "splitlines" or "sort" or "get" or "update" or "pop" or "format"))
                throw PyException.TypeError($"{name}() takes no keyword arguments");
        }
        int n = args.Positional.Length;
        if (n < min)
            throw PyException.TypeError(min == max
                ? $"{name}() takes exactly {(min == 1 ? "one argument" : min + " arguments")} ({n} given)"
                : $"{name} expected at least {min} argument{(min == 1 ? "" : "s")}, got {n}");
        if (max >= 0 && n > max)
            throw PyException.TypeError(max == 0
                ? $"{name}() takes no arguments ({n} given)"
                : min == max ? $"{name}() takes exactly {(max == 1 ? "one argument" : max + " arguments")} ({n} given)"
                : $"{name} expected at most {max} argument{(max == 1 ? "" : "s")}, got {n}");
    }

    internal static long AsInt(object? v, string what)
    {
        return v switch
        {
            long l => l,
            int i => i,
            bool b => b ? 1 : 0,
            _ => throw PyException.TypeError($"'{PyTypes.TypeName(v)}' object cannot be interpreted as an integer"),
        };
    }
}
