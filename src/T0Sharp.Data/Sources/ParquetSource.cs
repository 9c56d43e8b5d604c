using System.Collections;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace T0Sharp.Data.Sources;

/// <summary>
/// Parquet (as Hugging Face writes it: nested features are structs, sequences are lists, a
/// <c>Sequence({"text": ..., "answer_start": ...})</c> is a struct of lists). Read one row group at a time.
/// Values: integers of any width become long, floats double, strings string, structs ordered dictionaries in
/// schema order, lists <c>List&lt;object?&gt;</c>. A list the file stores as missing (Parquet does not keep
/// empty and null lists apart in every writer) becomes an empty list; a missing scalar becomes null.
/// </summary>
public sealed class ParquetSource(string path) : IExampleSource
{
    public string Path { get; } = path;

    public IEnumerable<SourceRow> Read(long skip = 0)
    {
        using var stream = File.OpenRead(Path);
        int groups;
        long[] counts;
        ParquetSchema schema;
        try
        {
            (groups, counts, schema) = Metadata(stream, leaveOpen: true);
        }
        catch (Exception e) when (e is not DataFormatException)
        {
            throw new DataFormatException(Path, 0, "not a readable Parquet file: " + e.Message);
        }
        long index = 0;
        for (int g = 0; g < groups; g++)
        {
            if (index + counts[g] <= skip) { index += counts[g]; continue; }   // skip whole row groups unread
            stream.Position = 0;
            var result = ParquetSerializer.DeserializeUntypedAsync(stream, null, g).GetAwaiter().GetResult();
            foreach (var row in result.Data)
            {
                if (index++ < skip) continue;
                yield return new SourceRow(index - 1, index, Struct(row, schema.Fields));
            }
        }
    }

    public long CountRows()
    {
        using var stream = File.OpenRead(Path);
        try { return Metadata(stream, leaveOpen: false).Counts.Sum(); }
        catch (Exception e) { throw new DataFormatException(Path, 0, "not a readable Parquet file: " + e.Message); }
    }

    static (int Groups, long[] Counts, ParquetSchema Schema) Metadata(Stream stream, bool leaveOpen)
    {
        var reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: leaveOpen).GetAwaiter().GetResult();
        try
        {
            var counts = new long[reader.RowGroupCount];
            for (int g = 0; g < counts.Length; g++) { using var rg = reader.OpenRowGroupReader(g); counts[g] = rg.RowCount; }
            return (counts.Length, counts, reader.Schema);
        }
        finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    static OrderedDictionary<string, object?> Struct(IDictionary? values, IReadOnlyList<Field> fields)
    {
        var d = new OrderedDictionary<string, object?>(fields.Count, StringComparer.Ordinal);
        foreach (var f in fields)
            d[f.Name] = Value(values != null && values.Contains(f.Name) ? values[f.Name] : null, f);
        return d;
    }

    static object? Value(object? v, Field f) => f switch
    {
        StructField s => v == null ? null : Struct(v as IDictionary, s.Fields),
        ListField l => v is IEnumerable items && v is not string ? items.Cast<object?>().Select(x => Value(x, l.Item)).ToList() : new List<object?>(),
        MapField m => v is IDictionary map ? Map(map, m) : null,
        _ => Scalar(v),
    };

    static OrderedDictionary<string, object?> Map(IDictionary map, MapField m)
    {
        var d = new OrderedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in map) d[Convert.ToString(Scalar(e.Key), System.Globalization.CultureInfo.InvariantCulture) ?? ""] = Value(e.Value, m.Value);
        return d;
    }

    static object? Scalar(object? v) => v switch
    {
        null => null,
        string s => s,
        ReadOnlyMemory<char> m => m.ToString(),
        bool b => b,
        sbyte or byte or short or ushort or int or uint or long => Convert.ToInt64(v),
        ulong u => (long)u,
        float f => (double)f,
        double d => d,
        decimal m => (double)m,
        Half h => (double)h,
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
        byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes),
        _ => v.ToString(),
    };
}
