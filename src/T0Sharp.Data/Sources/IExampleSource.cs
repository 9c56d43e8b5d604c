namespace T0Sharp.Data.Sources;

/// <summary>One record of a data file: its 0-based index among the file's readable records, its location, its values.</summary>
/// <param name="Index">0-based position among the records the source yields (bad, skipped records are not counted).</param>
/// <param name="Line">1-based line (JSONL, CSV: where the record starts) or row number (Parquet), for messages.</param>
/// <param name="Values">Field values in file order, as Hugging Face <c>datasets</c> gives them: null, bool, long, double,
/// string, <c>List&lt;object?&gt;</c>, nested <c>OrderedDictionary&lt;string, object?&gt;</c>.</param>
public sealed record SourceRow(long Index, long Line, OrderedDictionary<string, object?> Values);

/// <summary>
/// A split of a dataset stored in one file, read as a stream: records are produced one at a time and the
/// file is never loaded whole (Parquet: one row group at a time). Safe to read several times and from
/// several threads at once (each <see cref="Read"/> opens its own stream).
/// </summary>
public interface IExampleSource
{
    /// <summary>The file read.</summary>
    string Path { get; }

    /// <summary>Streams the records, skipping the first <paramref name="skip"/> readable records cheaply where the format allows.</summary>
    IEnumerable<SourceRow> Read(long skip = 0);

    /// <summary>Number of readable records (a full pass for text formats; Parquet reads its metadata).</summary>
    long CountRows();
}
