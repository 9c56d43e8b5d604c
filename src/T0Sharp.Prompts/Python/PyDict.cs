namespace T0Sharp.Prompts.Python;

/// <summary>
/// A Python <c>dict</c>: insertion-ordered, keys compared with Python equality and hashing (so <c>1</c>,
/// <c>1.0</c> and <c>True</c> are the same key; <c>None</c> is a valid key). Shared by reference.
/// </summary>
public sealed class PyDict
{
    /// <summary>Stands for the Python key <c>None</c> inside the .NET dictionary (which rejects null keys).</summary>
    sealed class NoneKey { public static readonly NoneKey Instance = new(); }

    readonly OrderedDictionary<object, object?> _items = new(PyKeyComparer.Instance);

    public int Count => _items.Count;

    static object Wrap(object? key)
    {
        if (key is null) return NoneKey.Instance;
        if (!PyKeyComparer.IsHashable(key)) throw PyException.TypeError($"unhashable type: '{PyTypes.TypeName(key)}'");
        return key;
    }

    static object? Unwrap(object key) => key is NoneKey ? null : key;

    public bool TryGetValue(object? key, out object? value) => _items.TryGetValue(Wrap(key), out value);
    public bool ContainsKey(object? key) => _items.ContainsKey(Wrap(key));

    public object? this[object? key]
    {
        get => _items.TryGetValue(Wrap(key), out var v) ? v : throw PyException.KeyError(PyFormat.Repr(key));
        set
        {
            var k = Wrap(key);
            // Python keeps the first-inserted key object when an equal key is assigned again.
            if (_items.ContainsKey(k)) { int i = _items.IndexOf(k); _items.SetAt(i, value); }
            else _items.Add(k, value);
        }
    }

    public bool Remove(object? key, out object? value) => _items.Remove(Wrap(key), out value);

    public IEnumerable<object?> Keys { get { foreach (var k in _items.Keys) yield return Unwrap(k); } }
    public IEnumerable<object?> Values => _items.Values;

    public IEnumerable<KeyValuePair<object?, object?>> Items
    {
        get { foreach (var kv in _items) yield return new(Unwrap(kv.Key), kv.Value); }
    }

    public PyDict Copy()
    {
        var d = new PyDict();
        foreach (var kv in _items) d._items.Add(kv.Key, kv.Value);
        return d;
    }
}

/// <summary>Python hashing/equality for dict keys and sets.</summary>
public sealed class PyKeyComparer : IEqualityComparer<object>
{
    public static readonly PyKeyComparer Instance = new();

    public static bool IsHashable(object? key) => key switch
    {
        PyList or PyDict => false,
        PyTuple t => t.Items.All(IsHashable),
        _ => true,
    };

    public new bool Equals(object? x, object? y) => PyOps.Eq(x, y);

    public int GetHashCode(object obj) => obj switch
    {
        bool b => b ? 1 : 0,
        long l => l.GetHashCode(),
        int i => ((long)i).GetHashCode(),
        System.Numerics.BigInteger bi => ((double)bi).GetHashCode(), // beyond 64 bits: equal ints and floats hash alike
        double d => d == Math.Floor(d) && Math.Abs(d) < 9.2e18 ? ((long)d).GetHashCode() : d.GetHashCode(),
        string s => s.GetHashCode(StringComparison.Ordinal),
        PyTuple t => t.Items.Aggregate(17, (h, x) => h * 31 + (x is null ? 0 : GetHashCode(x))),
        Undefined => 0x5eed, // Jinja: every Undefined hashes alike and compares equal
        _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj),
    };
}
