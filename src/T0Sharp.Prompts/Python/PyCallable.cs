namespace T0Sharp.Prompts.Python;

/// <summary>Arguments of a Python call: positional values and keyword values in call order.</summary>
public sealed class PyArgs
{
    public static readonly PyArgs Empty = new([], []);
    public PyArgs(object?[] positional, KeyValuePair<string, object?>[] keywords)
    {
        Positional = positional;
        Keywords = keywords;
    }
    public object?[] Positional { get; }
    public KeyValuePair<string, object?>[] Keywords { get; }
    public int Count => Positional.Length;

    /// <summary>Positional argument <paramref name="index"/>, else keyword <paramref name="name"/>, else the fallback.</summary>
    public object? Get(int index, string name, object? fallback)
    {
        if (index < Positional.Length) return Positional[index];
        foreach (var kv in Keywords) if (kv.Key == name) return kv.Value;
        return fallback;
    }

    public bool Has(int index, string name)
    {
        if (index < Positional.Length) return true;
        foreach (var kv in Keywords) if (kv.Key == name) return true;
        return false;
    }
}

/// <summary>A callable Python value: a global function (range, zip, dict, namespace) or a bound method.</summary>
public sealed class PyCallable
{
    readonly Func<PyArgs, object?> _invoke;

    public PyCallable(string name, Func<PyArgs, object?> invoke, bool isMethod = false, object? self = null)
    {
        Name = name;
        _invoke = invoke;
        IsMethod = isMethod;
        Self = self;
    }

    public string Name { get; }
    public bool IsMethod { get; }
    public object? Self { get; }
    public object? Invoke(PyArgs args) => _invoke(args);
}
