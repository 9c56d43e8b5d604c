using System.Text;

namespace T0Sharp.Data.Tasks;

/// <summary>
/// The seed of one render. promptsource's <c>choice</c> and <c>random</c> draw from Python's global RNG, so P3's
/// exact targets cannot be reproduced; T0Sharp instead seeds a fresh CPython-compatible RNG per render with
/// <c>Of(streamSeed, taskName, rowIndex, epoch)</c> = SplitMix64 mix of the stream seed, the FNV-1a 64-bit hash of the
/// task name's UTF-8 bytes, the row index in its split and the epoch, masked to a non-negative 63-bit value.
/// The same example renders the same within an epoch whatever the order, thread or resume point.
/// </summary>
public static class RenderSeed
{
    public static long Of(long streamSeed, string taskName, long rowIndex, long epoch)
    {
        ulong h = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(taskName)) { h ^= b; h *= 1099511628211UL; }
        ulong x = Mix((ulong)streamSeed ^ Mix(h ^ Mix((ulong)rowIndex ^ Mix((ulong)epoch))));
        return (long)(x & 0x7FFF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>SplitMix64's finalizer.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
