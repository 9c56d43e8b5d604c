namespace T0Sharp.Data.Sources;

/// <summary>How a source treats records it cannot read.</summary>
public sealed record SourceOptions
{
    /// <summary>false (default): a bad record throws <see cref="DataFormatException"/>; true: it is skipped and counted in <see cref="BadRows"/>.</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>Where skipped records are counted (shared by every source opened with these options).</summary>
    public BadRowLog BadRows { get; init; } = new();

    /// <summary>Rows sampled from the start of a CSV/TSV file to infer column types (see <see cref="CsvSource"/>).</summary>
    public int CsvTypeSampleRows { get; init; } = 1000;

    public static SourceOptions Strict { get; } = new();
}

/// <summary>A thread-safe count of skipped records, keeping the first few reasons for the user.</summary>
public sealed class BadRowLog
{
    readonly List<string> _first = [];
    long _count;

    /// <summary>Number of records skipped so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Up to 10 of the first skipped records, as "file:line: reason".</summary>
    public IReadOnlyList<string> Examples { get { lock (_first) return _first.ToList(); } }

    public void Add(DataFormatException e)
    {
        Interlocked.Increment(ref _count);
        lock (_first) if (_first.Count < 10) _first.Add(e.Message);
    }
}
