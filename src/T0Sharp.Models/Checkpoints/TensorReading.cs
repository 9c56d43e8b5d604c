using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// Reads raw little-endian tensor data from a file straight into native TorchSharp memory, in chunks, so a
/// checkpoint costs about its own size in memory: same-type data is read directly into the tensor; fp16, bf16
/// and fp64 are converted to fp32 chunk by chunk through one small pooled buffer (both upcasts are exact).
/// </summary>
internal static class TensorReading
{
    /// <summary>Conversion chunk: small enough to stay in cache, big enough to amortize the read calls.</summary>
    const int ChunkBytes = 1 << 18;

    /// <summary>Largest span handed to one read (TorchSharp spans are int-indexed).</summary>
    const long MaxDirectBytes = 1L << 30;

    static TensorReading()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Checkpoint data is little-endian; this reader needs a little-endian machine.");
    }

    /// <summary>
    /// Reads <paramref name="count"/> elements stored as <paramref name="stored"/> at byte <paramref name="offset"/>
    /// of <paramref name="file"/> into a new 1-D CPU tensor of element type <paramref name="target"/>.
    /// </summary>
    public static Tensor ReadFlat(SafeFileHandle file, string path, string tensorName, long offset, long count,
        TensorDType stored, ScalarType target)
    {
        var direct = CanFillDirectly(stored, target);
        var flat = empty(count, direct ? target : stored.ToScalarType());
        try
        {
            Fill(file, path, tensorName, offset, count, stored, flat);
            if (direct) return flat;
            using (flat) return flat.to_type(target);
        }
        catch
        {
            flat.Dispose();
            throw;
        }
    }

    /// <summary>True when data stored as <paramref name="stored"/> can be read straight into a <paramref name="target"/> tensor.</summary>
    public static bool CanFillDirectly(TensorDType stored, ScalarType target) =>
        target == stored.ToScalarType()
        || (target == ScalarType.Float32 && stored is TensorDType.BFloat16 or TensorDType.Float16 or TensorDType.Float64);

    /// <summary>
    /// Fills the contiguous 1-D CPU tensor <paramref name="flat"/> (<paramref name="count"/> elements, of the stored
    /// type or fp32 when <see cref="CanFillDirectly"/>) from the file.
    /// </summary>
    public static void Fill(SafeFileHandle file, string path, string tensorName, long offset, long count, TensorDType stored, Tensor flat)
    {
        if (flat.dtype == stored.ToScalarType()) FillRaw(file, path, tensorName, offset, count, stored, flat);
        else FillConverted(file, path, tensorName, offset, count, stored, flat);
    }

    static void FillRaw(SafeFileHandle file, string path, string tensorName, long offset, long count, TensorDType stored, Tensor flat)
    {
        var size = stored.Size();
        var perChunk = MaxDirectBytes / size;
        for (long start = 0; start < count; start += perChunk)
        {
            var n = Math.Min(perChunk, count - start);
            using var view = flat.narrow(0, start, n);
            ReadExactly(file, path, tensorName, view.bytes, offset + start * size);
        }
    }

    static void FillConverted(SafeFileHandle file, string path, string tensorName, long offset, long count, TensorDType stored, Tensor flat)
    {
        var size = stored.Size();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            var perChunk = ChunkBytes / size;
            for (long start = 0; start < count; start += perChunk)
            {
                var n = (int)Math.Min(perChunk, count - start);
                var src = buffer.AsSpan(0, n * size);
                ReadExactly(file, path, tensorName, src, offset + start * size);
                using var view = flat.narrow(0, start, n);
                Upcast(src, stored, view.bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Converts little-endian fp16/bf16/fp64 bytes to fp32 bytes. bf16 is the top half of an fp32: exact.</summary>
    internal static void Upcast(ReadOnlySpan<byte> src, TensorDType stored, Span<byte> dst)
    {
        var outBits = MemoryMarshal.Cast<byte, uint>(dst);
        switch (stored)
        {
            case TensorDType.BFloat16:
            {
                var bits = MemoryMarshal.Cast<byte, ushort>(src);
                var i = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    // Widen 16-bit lanes to 32 and shift into the upper half: the same bits, many at a time.
                    var wide = MemoryMarshal.Cast<ushort, Vector<ushort>>(bits);
                    var outWide = MemoryMarshal.Cast<uint, Vector<uint>>(outBits);
                    for (var k = 0; k < wide.Length; k++)
                    {
                        Vector.Widen(wide[k], out var lo, out var hi);
                        outWide[2 * k] = lo << 16;
                        outWide[2 * k + 1] = hi << 16;
                    }
                    i = wide.Length * Vector<ushort>.Count;
                }
                for (; i < bits.Length; i++) outBits[i] = (uint)bits[i] << 16;
                break;
            }
            case TensorDType.Float16:
            {
                var halves = MemoryMarshal.Cast<byte, Half>(src);
                var floats = MemoryMarshal.Cast<byte, float>(dst);
                for (var i = 0; i < halves.Length; i++) floats[i] = (float)halves[i];
                break;
            }
            case TensorDType.Float64:
            {
                var doubles = MemoryMarshal.Cast<byte, double>(src);
                var floats = MemoryMarshal.Cast<byte, float>(dst);
                for (var i = 0; i < doubles.Length; i++) floats[i] = (float)doubles[i];
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(stored), stored, "not a type upcast to fp32");
        }
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="position"/>; a short file is a format error.</summary>
    internal static void ReadExactly(SafeFileHandle file, string path, string tensorName, Span<byte> destination, long position)
    {
        while (destination.Length > 0)
        {
            var n = RandomAccess.Read(file, destination, position);
            if (n <= 0)
                throw new CheckpointFormatException(path, tensorName,
                    $"the file ends at byte {position}, inside the tensor's data: the file is truncated.");
            destination = destination[n..];
            position += n;
        }
    }
}
