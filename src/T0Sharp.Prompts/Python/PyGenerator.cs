namespace T0Sharp.Prompts.Python;

/// <summary>
/// A Python generator: a one-shot lazy iterator (what Jinja's <c>map</c>, <c>select</c>, <c>reject</c>,
/// <c>selectattr</c>, <c>unique</c> return). Iterating it a second time yields nothing, it is always truthy,
/// and it has no length.
/// </summary>
public sealed class PyGenerator
{
    readonly IEnumerator<object?> _source;
    bool _done;

    public PyGenerator(IEnumerable<object?> source, string name = "generator")
    {
        _source = source.GetEnumerator();
        Name = name;
    }

    /// <summary>The generator function's name as Python prints it (<c>&lt;generator object NAME at ...&gt;</c>).</summary>
    public string Name { get; }

    /// <summary>Yields the remaining items, consuming them.</summary>
    public IEnumerable<object?> Drain()
    {
        while (!_done)
        {
            if (!_source.MoveNext()) { _done = true; yield break; }
            yield return _source.Current;
        }
    }
}
