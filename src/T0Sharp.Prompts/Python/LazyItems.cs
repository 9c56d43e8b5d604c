namespace T0Sharp.Prompts.Python;

/// <summary>
/// The items of a filtered loop (<c>{% for x in xs if cond %}</c>), pulled from the source one at a time as Jinja's
/// generator does: an item's condition is evaluated only when the loop (or <c>loop.last</c>/<c>loop.nextitem</c>
/// peeking ahead, or <c>loop.length</c> exhausting it) asks for it, so changes made by earlier loop bodies are seen.
/// </summary>
internal sealed class LazyItems(IEnumerator<object?> source) : IReadOnlyList<object?>
{
    readonly List<object?> _pulled = [];
    bool _done;

    /// <summary>True when item <paramref name="index"/> exists, pulling (and filtering) items up to it.</summary>
    public bool Has(int index)
    {
        while (_pulled.Count <= index && !_done)
        {
            if (source.MoveNext()) _pulled.Add(source.Current);
            else { _done = true; source.Dispose(); }
        }
        return index < _pulled.Count;
    }

    public object? this[int index] => Has(index) ? _pulled[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Exhausts the source (Jinja computes <c>loop.length</c> by draining the filtered iterator).</summary>
    public int Count { get { Has(int.MaxValue - 1); return _pulled.Count; } }

    public IEnumerator<object?> GetEnumerator()
    {
        for (int i = 0; Has(i); i++) yield return _pulled[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether <paramref name="items"/> has an item at <paramref name="index"/>, pulling lazy items only that far.</summary>
    public static bool Exists(IReadOnlyList<object?> items, int index) =>
        items is LazyItems lazy ? lazy.Has(index) : index < items.Count;
}
