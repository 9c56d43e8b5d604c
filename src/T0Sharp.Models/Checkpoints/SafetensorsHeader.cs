using System.Buffers.Binary;
using System.Text.Json;

namespace T0Sharp.Models.Checkpoints;

/// <summary>One tensor of a safetensors file: its description and where its bytes start in the file.</summary>
internal sealed record SafetensorsEntry(TensorInfo Info, long FileOffset);

/// <summary>
/// The parsed, validated header of a safetensors file: 8-byte little-endian header length N, N bytes of JSON
/// (<c>{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}</c>),
/// then the data buffer; offsets are relative to the buffer's start.
/// </summary>
internal sealed class SafetensorsHeader
{
    /// <summary>The safetensors library's own ceiling on header size; anything larger is corrupt.</summary>
    public const long MaxHeaderBytes = 100L << 20;

    public required IReadOnlyList<SafetensorsEntry> Entries { get; init; }
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }

    /// <summary>Byte offset of the data buffer in the file (8 + N).</summary>
    public required long DataStart { get; init; }

    /// <summary>Reads the header length from the first 8 bytes, checking it against the file size.</summary>
    public static long ReadHeaderLength(ReadOnlySpan<byte> first8, long fileLength, string path)
    {
        if (fileLength < 8)
            throw new CheckpointFormatException(path, null, $"the file has {fileLength} bytes, fewer than the 8-byte header length of a safetensors file.");
        var n = BinaryPrimitives.ReadUInt64LittleEndian(first8);
        if (n > MaxHeaderBytes)
            throw new CheckpointFormatException(path, null, $"header length {n} is absurd (limit {MaxHeaderBytes}): not a safetensors file, or corrupt.");
        if ((long)n > fileLength - 8)
            throw new CheckpointFormatException(path, null, $"header length {n} runs past the end of the file ({fileLength} bytes): the file is truncated or corrupt.");
        if (n < 2)
            throw new CheckpointFormatException(path, null, $"header length {n} is too small to hold a JSON object.");
        return (long)n;
    }

    /// <summary>Parses and validates the JSON header. <paramref name="fileLength"/> bounds every data offset.</summary>
    public static SafetensorsHeader Parse(ReadOnlyMemory<byte> json, long fileLength, string path)
    {
        var dataStart = 8 + (long)json.Length;
        var dataLength = fileLength - dataStart;
        if (!System.Text.Unicode.Utf8.IsValid(json.Span))
            throw new CheckpointFormatException(path, null, "the header is not valid UTF-8 text: the file is corrupt.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, null, $"the header is not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new CheckpointFormatException(path, null, $"the header must be a JSON object, found {doc.RootElement.ValueKind}.");
            var entries = new List<SafetensorsEntry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var ranges = new List<(long Begin, long End, string Name)>();
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(prop.Name))
                    throw new CheckpointFormatException(path, prop.Name, "the name appears twice in the header.");
                if (prop.Name == "__metadata__")
                {
                    ReadMetadata(prop.Value, metadata, path);
                    continue;
                }
                var (info, begin, end) = ReadEntry(prop.Name, prop.Value, path);
                if (end > dataLength)
                    throw new CheckpointFormatException(path, prop.Name,
                        $"data_offsets [{begin}, {end}] run past the end of the data buffer ({dataLength} bytes): the file is truncated or corrupt.");
                ranges.Add((begin, end, prop.Name));
                entries.Add(new SafetensorsEntry(info, dataStart + begin));
            }
            CheckNoOverlap(ranges, path);
            return new SafetensorsHeader { Entries = entries, Metadata = metadata, DataStart = dataStart };
        }
    }

    static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new CheckpointFormatException(path, null, "__metadata__ must be an object of strings.");
        foreach (var m in value.EnumerateObject())
        {
            if (m.Value.ValueKind != JsonValueKind.String)
                throw new CheckpointFormatException(path, null, $"__metadata__ value '{m.Name}' must be a string, found {m.Value.ValueKind}.");
            metadata[m.Name] = m.Value.GetString()!;
        }
    }

    static (TensorInfo Info, long Begin, long End) ReadEntry(string name, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new CheckpointFormatException(path, name, $"the header entry must be an object, found {value.ValueKind}.");
        if (!value.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String)
            throw new CheckpointFormatException(path, name, "the header entry has no string 'dtype'.");
        var dtypeName = dtypeEl.GetString()!;
        var dtype = TensorDTypes.ParseSafetensorsName(dtypeName)
            ?? throw new CheckpointFormatException(path, name,
                $"unknown or unsupported dtype '{dtypeName}' (supported: F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL).");
        var shape = ReadLongArray(value, "shape", name, path);
        var offsets = ReadLongArray(value, "data_offsets", name, path);
        if (offsets.Length != 2)
            throw new CheckpointFormatException(path, name, $"data_offsets must hold 2 numbers, found {offsets.Length}.");
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin)
            throw new CheckpointFormatException(path, name, $"data_offsets [{begin}, {end}] end before they begin.");
        long bytes;
        try
        {
            var count = 1L;
            foreach (var d in shape) count = checked(count * d);
            bytes = checked(count * dtype.Size());
        }
        catch (OverflowException)
        {
            throw new CheckpointFormatException(path, name, $"shape [{string.Join(", ", shape)}] is too large to exist.");
        }
        if (bytes != end - begin)
            throw new CheckpointFormatException(path, name,
                $"shape [{string.Join(", ", shape)}] of {dtypeName} needs {bytes} bytes but data_offsets [{begin}, {end}] span {end - begin}.");
        return (new TensorInfo(name, dtype, shape, path), begin, end);
    }

    static long[] ReadLongArray(JsonElement entry, string field, string name, string path)
    {
        if (!entry.TryGetProperty(field, out var arr) || arr.ValueKind != JsonValueKind.Array)
            throw new CheckpointFormatException(path, name, $"the header entry has no array '{field}'.");
        var n = arr.GetArrayLength();
        if (n > 64)
            throw new CheckpointFormatException(path, name, $"'{field}' has {n} entries, more than any tensor has dimensions.");
        var result = new long[n];
        var i = 0;
        foreach (var el in arr.EnumerateArray())
        {
            if (el.ValueKind != JsonValueKind.Number || !el.TryGetInt64(out var v) || v < 0)
                throw new CheckpointFormatException(path, name, $"'{field}' must hold non-negative integers, found {el.GetRawText()}.");
            result[i++] = v;
        }
        return result;
    }

    static void CheckNoOverlap(List<(long Begin, long End, string Name)> ranges, string path)
    {
        ranges.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        for (var i = 1; i < ranges.Count; i++)
        {
            var (prev, cur) = (ranges[i - 1], ranges[i]);
            if (cur.Begin < prev.End)
                throw new CheckpointFormatException(path, cur.Name,
                    $"data_offsets [{cur.Begin}, {cur.End}] overlap those of '{prev.Name}' [{prev.Begin}, {prev.End}].");
        }
    }
}
