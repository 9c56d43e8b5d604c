using System.Text;
using System.Text.Json;

namespace T0Sharp.Evaluation.Results;

/// <summary>
/// The append-only per-example store (<c>examples.jsonl</c>) that makes evaluation resumable: every scored batch
/// is appended and flushed; on reopening, the items already present are skipped. A last line cut short by a crash
/// (no trailing newline) is dropped and truncated away; any other malformed line is an error naming the line.
/// </summary>
public sealed class ResultStore : IDisposable
{
    readonly List<ExampleRecord> _records = [];
    readonly HashSet<(string, string, int)> _keys = [];
    readonly FileStream _stream;
    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public string Path { get; }
    public IReadOnlyList<ExampleRecord> Records => _records;

    /// <summary>Number of records that were already in the file when it was opened.</summary>
    public int ResumedCount { get; }

    ResultStore(string path)
    {
        Path = path;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        _stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        var bytes = new byte[_stream.Length];
        _stream.ReadExactly(bytes);
        var complete = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        var text = Encoding.UTF8.GetString(bytes, 0, complete);
        var lineNo = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNo++;
            if (line.Length == 0) continue;
            ExampleRecord? rec;
            try { rec = JsonSerializer.Deserialize<ExampleRecord>(line, Json); }
            catch (JsonException e) { throw new InvalidDataException($"{path}:{lineNo}: not a valid example record: {e.Message}", e); }
            if (rec == null) throw new InvalidDataException($"{path}:{lineNo}: empty example record");
            Add(rec);
        }
        ResumedCount = _records.Count;
        _stream.SetLength(complete); // drop a partial last line left by an interrupted write
        _stream.Seek(complete, SeekOrigin.Begin);
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and loads what it holds.</summary>
    public static ResultStore Open(string path) => new(path);

    /// <summary>Reads a finished store without opening it for writing.</summary>
    public static IReadOnlyList<ExampleRecord> ReadAll(string path)
    {
        using var s = Open(path);
        return s.Records.ToList();
    }

    /// <summary>One record as the store writes it (one JSON line, without the newline).</summary>
    public static string ToJsonLine(ExampleRecord record) => JsonSerializer.Serialize(record, Json);

    /// <summary>A record from a line written by <see cref="ToJsonLine"/>.</summary>
    public static ExampleRecord FromJsonLine(string line) =>
        JsonSerializer.Deserialize<ExampleRecord>(line, Json) ?? throw new InvalidDataException("empty example record");

    public bool Contains(string dataset, string template, int index) => _keys.Contains((dataset, template, index));

    /// <summary>Appends records (ignoring ones already present) and flushes them to disk.</summary>
    public void Append(IEnumerable<ExampleRecord> records)
    {
        var sb = new StringBuilder();
        foreach (var r in records)
        {
            if (Contains(r.Dataset, r.Template, r.Index)) continue;
            Add(r);
            sb.Append(ToJsonLine(r)).Append('\n');
        }
        if (sb.Length == 0) return;
        _stream.Write(Encoding.UTF8.GetBytes(sb.ToString()));
        _stream.Flush(flushToDisk: true);
    }

    void Add(ExampleRecord r)
    {
        if (_keys.Add((r.Dataset, r.Template, r.Index))) _records.Add(r);
    }

    public void Dispose() => _stream.Dispose();
}
