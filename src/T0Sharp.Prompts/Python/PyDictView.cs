namespace T0Sharp.Prompts.Python;

/// <summary>A live view from <c>dict.keys()</c>, <c>.values()</c> or <c>.items()</c> (prints as <c>dict_keys([...])</c>, not subscriptable).</summary>
public sealed class PyDictView
{
    public PyDictView(PyDict dict, string kind) { Dict = dict; Kind = kind; }
    public PyDict Dict { get; }
    /// <summary>"keys", "values" or "items".</summary>
    public string Kind { get; }

    public IEnumerable<object?> Enumerate() => Kind switch
    {
        "keys" => Dict.Keys.ToList(),
        "values" => Dict.Values.ToList(),
        _ => Dict.Items.Select(kv => (object?)new PyTuple([kv.Key, kv.Value])).ToList(),
    };
}
