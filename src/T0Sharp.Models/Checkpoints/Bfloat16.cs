using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// fp32 → bf16 rounding as PyTorch does it (round to nearest, ties to even; NaN becomes the quiet NaN 0x7FC0 as in
/// c10::BFloat16, where torch's vectorized CPU kernel writes 0xFFFF — both NaN),
/// vectorized, for writing bf16 checkpoints without materializing a bf16 copy of each tensor.
/// </summary>
internal static class Bfloat16
{
    const int ChunkElements = 1 << 17;

    /// <summary>Writes the contiguous 1-D fp32 CPU tensor <paramref name="flat"/> as little-endian bf16.</summary>
    public static void Write(Stream stream, Tensor flat)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkElements * 2);
        try
        {
            var count = flat.numel();
            for (long start = 0; start < count; start += ChunkElements)
            {
                var n = (int)Math.Min(ChunkElements, count - start);
                using var view = flat.narrow(0, start, n);
                var dst = buffer.AsSpan(0, 2 * n);
                Round(MemoryMarshal.Cast<byte, uint>(view.bytes), MemoryMarshal.Cast<byte, ushort>(dst));
                stream.Write(dst);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Rounds fp32 bit patterns <paramref name="src"/> to bf16 bit patterns <paramref name="dst"/>.</summary>
    public static void Round(ReadOnlySpan<uint> src, Span<ushort> dst)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var wide = MemoryMarshal.Cast<uint, Vector<uint>>(src);
            var narrow = MemoryMarshal.Cast<ushort, Vector<ushort>>(dst);
            for (var k = 0; k + 1 < wide.Length && k / 2 < narrow.Length; k += 2)
                narrow[k / 2] = Vector.Narrow(RoundWide(wide[k]), RoundWide(wide[k + 1]));
            i = wide.Length / 2 * 2 * Vector<uint>.Count;
        }
        for (; i < src.Length; i++) dst[i] = RoundOne(src[i]);
    }

    static Vector<uint> RoundWide(Vector<uint> v)
    {
        var bias = ((v >> 16) & Vector<uint>.One) + new Vector<uint>(0x7FFF);
        var rounded = (v + bias) >> 16;
        var isNaN = Vector.GreaterThan(v & new Vector<uint>(0x7FFFFFFF), new Vector<uint>(0x7F800000));
        return Vector.ConditionalSelect(isNaN, new Vector<uint>(0x7FC0), rounded);
    }

    static ushort RoundOne(uint bits)
    {
        if ((bits & 0x7FFFFFFF) > 0x7F800000) return 0x7FC0;
        return (ushort)((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16);
    }
}
