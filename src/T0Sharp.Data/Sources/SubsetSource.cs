namespace T0Sharp.Data.Sources;

/// <summary>
/// Some records of another source, in file order: those whose index is in <paramref name="kept"/> (sorted, distinct),
/// re-numbered 0, 1, 2... Reading streams the inner source once and never holds more than one record.
/// </summary>
public sealed class SubsetSource : IExampleSource
{
    readonly IExampleSource _inner;
    readonly long[] _kept;

    public SubsetSource(IExampleSource inner, long[] kept)
    {
        for (int i = 1; i < kept.Length; i++)
            if (kept[i] <= kept[i - 1]) throw new ArgumentException("kept indices must be sorted and distinct", nameof(kept));
        _inner = inner; _kept = kept;
    }

    public string Path => _inner.Path;

    /// <summary>The inner indices kept, in order.</summary>
    public IReadOnlyList<long> Kept => _kept;

    public IEnumerable<SourceRow> Read(long skip = 0)
    {
        if (skip >= _kept.Length) yield break;
        long k = skip;
        foreach (var row in _inner.Read(_kept[k]))
        {
            if (row.Index < _kept[k]) continue;
            if (row.Index > _kept[k])
                throw new InvalidDataException($"{Path}: record {_kept[k]} is missing (was the file changed while reading?)");
            yield return row with { Index = k };
            if (++k == _kept.Length) yield break;
        }
        if (k < _kept.Length) throw new InvalidDataException($"{Path}: expected record {_kept[k]} but the file ended (was it changed while reading?)");
    }

    public long CountRows() => _kept.Length;
}
