using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace T0Sharp.Training.Checkpoints;

/// <summary>
/// Named tensors in the safetensors layout (8-byte little-endian header length, JSON header of dtype, shape
/// and byte offsets, then raw little-endian data), used for optimizer and RNG state. Values round-trip
/// bit-exactly. Reading validates the header and names the file on any inconsistency.
/// </summary>
public static class TensorArchive
{
    static readonly Dictionary<ScalarType, (string Name, int Size)> Types = new()
    {
        [ScalarType.Float32] = ("F32", 4), [ScalarType.Float64] = ("F64", 8), [ScalarType.BFloat16] = ("BF16", 2),
        [ScalarType.Float16] = ("F16", 2), [ScalarType.Int64] = ("I64", 8), [ScalarType.Int32] = ("I32", 4),
        [ScalarType.Byte] = ("U8", 1),
    };

    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new JsonObject();
        long offset = 0;
        var blobs = new List<byte[]>();
        foreach (var name in names)
        {
            var t = tensors[name];
            if (!Types.TryGetValue(t.dtype, out var info)) throw new NotSupportedException($"{path}: tensor '{name}' has unsupported dtype {t.dtype}");
            using var cpu = t.detach().cpu().contiguous();
            var bytes = cpu.bytes.ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = info.Name,
                ["shape"] = new JsonArray(t.shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            offset += bytes.Length;
            blobs.Add(bytes);
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var pad = (8 - json.Length % 8) % 8;
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)(json.Length + pad));
        fs.Write(len);
        fs.Write(json);
        for (var i = 0; i < pad; i++) fs.WriteByte((byte)' ');
        foreach (var b in blobs) fs.Write(b);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>Reads every tensor onto the CPU. The caller owns (disposes) the tensors.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var data = File.ReadAllBytes(path);
        if (data.Length < 8) throw new InvalidDataException($"{path}: too short to be a tensor archive");
        var headerLen = BinaryPrimitives.ReadUInt64LittleEndian(data);
        if (headerLen > (ulong)(data.Length - 8)) throw new InvalidDataException($"{path}: header length {headerLen} runs past the end of the file");
        JsonObject header;
        try { header = JsonNode.Parse(Encoding.UTF8.GetString(data, 8, (int)headerLen))!.AsObject(); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: corrupt header: {e.Message}"); }
        var start = 8 + (long)headerLen;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            var dtypeName = (string?)node?["dtype"];
            var type = Types.FirstOrDefault(kv => kv.Value.Name == dtypeName);
            if (dtypeName is null || type.Value.Name is null) throw new InvalidDataException($"{path}: tensor '{name}' has unknown dtype '{dtypeName}'");
            var shape = node!["shape"]!.AsArray().Select(x => (long)x!).ToArray();
            var offs = node["data_offsets"]!.AsArray().Select(x => (long)x!).ToArray();
            var count = shape.Aggregate(1L, (a, b) => a * b);
            if (offs.Length != 2 || offs[0] < 0 || offs[1] - offs[0] != count * type.Value.Size || start + offs[1] > data.Length)
                throw new InvalidDataException($"{path}: tensor '{name}' offsets [{string.Join(", ", offs)}] do not fit its shape [{string.Join(", ", shape)}] or the file");
            var t = empty(shape, type.Key);
            data.AsSpan((int)(start + offs[0]), (int)(offs[1] - offs[0])).CopyTo(t.bytes);
            result[name] = t;
        }
        return result;
    }
}
