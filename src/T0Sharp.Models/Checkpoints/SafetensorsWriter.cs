using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using T0Sharp.Core;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// Writes one <c>.safetensors</c> file as the safetensors library does for Hugging Face: tensors sorted by name,
/// data packed in that order, a compact JSON header with <c>__metadata__</c> first (default <c>{"format":"pt"}</c>),
/// padded with spaces so the data starts 8-byte aligned. The write is atomic (temp file, then rename).
/// </summary>
public static class SafetensorsWriter
{
    /// <summary>Largest slice of one tensor written per call (TorchSharp spans are int-indexed).</summary>
    const long MaxWriteBytes = 1L << 30;

    static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/>. With <paramref name="dtype"/> every floating
    /// tensor is converted to it (integer and bool tensors keep their type); otherwise each keeps its own type.
    /// Names must be unique. Tensors may live on any device; each is copied to the CPU one at a time.
    /// </summary>
    public static void Write(string path, IEnumerable<(string Name, Tensor Tensor)> tensors, TensorDType? dtype = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var items = Plan(tensors, dtype);
        var header = Header(items, metadata ?? new Dictionary<string, string> { ["format"] = "pt" });
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var item in items) WriteData(stream, item.Tensor, item.DType);
        });
    }

    internal sealed record Item(string Name, Tensor Tensor, TensorDType DType, long[] Shape, long Bytes);

    /// <summary>Checks names and types and fixes the stored dtype of each tensor, sorted by name.</summary>
    internal static List<Item> Plan(IEnumerable<(string Name, Tensor Tensor)> tensors, TensorDType? dtype)
    {
        var items = new List<Item>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, t) in tensors)
        {
            if (string.IsNullOrEmpty(name) || name == "__metadata__")
                throw new ArgumentException($"'{name}' cannot name a tensor in a safetensors file.");
            if (!names.Add(name)) throw new ArgumentException($"tensor name '{name}' is given twice.");
            var own = TensorDTypes.FromScalarType(t.dtype)
                ?? throw new ArgumentException($"tensor '{name}' has element type {t.dtype}, which safetensors files here do not store.");
            var stored = dtype is { } d && own.IsFloatingPoint() ? d : own;
            items.Add(new Item(name, t, stored, t.shape, t.numel() * stored.Size()));
        }
        items.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return items;
    }

    /// <summary>The header bytes: JSON, then spaces up to a multiple of 8 bytes.</summary>
    internal static byte[] Header(IReadOnlyList<Item> items, IReadOnlyDictionary<string, string> metadata)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, JsonOptions))
        {
            w.WriteStartObject();
            if (metadata.Count > 0)
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var item in items)
            {
                w.WriteStartObject(item.Name);
                w.WriteString("dtype", item.DType.SafetensorsName());
                w.WriteStartArray("shape");
                foreach (var d in item.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + item.Bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += item.Bytes;
            }
            w.WriteEndObject();
        }
        var json = ms.ToArray();
        var padded = (json.Length + 7) / 8 * 8;
        var header = new byte[padded];
        json.CopyTo(header, 0);
        header.AsSpan(json.Length).Fill((byte)' ');
        return header;
    }

    /// <summary>Writes one tensor's data as little-endian <paramref name="stored"/> values, in row-major order.</summary>
    internal static void WriteData(Stream stream, Tensor tensor, TensorDType stored)
    {
        if (tensor.numel() == 0) return;
        using var scope = NewDisposeScope();
        var t = tensor;
        if (t.device_type != DeviceType.CPU) t = t.cpu();
        if (!t.is_contiguous()) t = t.contiguous();
        if (t.dtype == ScalarType.Float32 && stored == TensorDType.BFloat16)
        {
            Bfloat16.Write(stream, t.reshape(-1)); // chunked through a small buffer: no bf16 copy of the tensor
            return;
        }
        if (t.dtype != stored.ToScalarType()) t = t.to_type(stored.ToScalarType());
        var flat = t.reshape(-1);
        var perChunk = MaxWriteBytes / stored.Size();
        for (long start = 0; start < flat.numel(); start += perChunk)
        {
            var view = flat.narrow(0, start, Math.Min(perChunk, flat.numel() - start));
            stream.Write(view.bytes);
        }
    }
}
