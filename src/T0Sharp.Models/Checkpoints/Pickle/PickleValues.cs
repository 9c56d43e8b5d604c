namespace T0Sharp.Models.Checkpoints.Pickle;

/// <summary>A reference to a Python global (<c>module.name</c>) that passed the unpickler's whitelist.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public override string ToString() => $"{Module}.{Name}";
}

/// <summary>A Python tuple.</summary>
internal sealed record PickleTuple(object?[] Items)
{
    public int Count => Items.Length;
    public object? this[int i] => Items[i];
}

/// <summary>A Python dict or OrderedDict: insertion-ordered pairs (a repeated key keeps its first position, last value).</summary>
internal sealed class PickleDict
{
    readonly List<object?> _keys = [];
    readonly Dictionary<object, object?> _values = [];
    static readonly object NoneKey = new();

    public IEnumerable<KeyValuePair<object?, object?>> Items =>
        _keys.Select(k => new KeyValuePair<object?, object?>(k, _values[k ?? NoneKey]));

    public int Count => _keys.Count;

    public void Set(object? key, object? value)
    {
        if (key is List<object?> or PickleDict)
            throw new InvalidDataException($"unhashable dict key of type {key.GetType().Name}");
        var k = key ?? NoneKey;
        if (!_values.ContainsKey(k)) _keys.Add(key);
        _values[k] = value;
    }
}

/// <summary>Pickle bytes (Python 3 <c>bytes</c>).</summary>
internal sealed record PickleBytes(byte[] Data);
