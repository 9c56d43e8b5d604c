namespace T0Sharp.Data.Sources;

/// <summary>A data file holds something T0Sharp cannot read; the message names the file and (1-based) line or row.</summary>
public sealed class DataFormatException(string file, long line, string reason)
    : T0Sharp.Core.UserError($"{file}:{line}: {reason}")
{
    /// <summary>The file that holds the bad record.</summary>
    public string File { get; } = file;

    /// <summary>1-based line (JSONL, CSV: the line where the record starts) or row (Parquet).</summary>
    public long Line { get; } = line;

    /// <summary>What was wrong, without the location.</summary>
    public string Reason { get; } = reason;
}
