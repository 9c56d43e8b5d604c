using System.Text.Json;
using System.Text.Json.Serialization;

namespace T0Sharp.Data.Mixtures;

/// <summary>
/// Where a mixture stream stands, small enough to save in every checkpoint. The stream is a pure function of
/// (mixture, data, seed, shuffle block), so the number of draws made is its whole state: restoring replays the
/// sampling RNG <see cref="Draws"/> times (about 10 ns per draw, no I/O), then reopens each task's file at its
/// position. <see cref="Fingerprint"/> (task names, rates, row counts) guards against resuming on other data.
/// </summary>
public sealed record MixtureCursor(
    [property: JsonPropertyName("mixture")] string Mixture,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("seed")] long Seed,
    [property: JsonPropertyName("shuffle_block")] int ShuffleBlock,
    [property: JsonPropertyName("draws")] long Draws)
{
    static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Parses a cursor written by <see cref="ToJson"/>; a clear error otherwise.</summary>
    public static MixtureCursor FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<MixtureCursor>(json, Options) is { Mixture: not null, Fingerprint: not null } c && c.Draws >= 0
                ? c : throw new JsonException("missing fields");
        }
        catch (JsonException e) { throw new FormatException("not a T0Sharp mixture cursor: " + e.Message, e); }
    }
}

/// <summary>SplitMix64: a tiny, fast generator whose whole state is one 64-bit word (deterministic across platforms).</summary>
internal struct SplitMix64(ulong state)
{
    ulong _state = state;

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n).</summary>
    public int NextInt(int n) => (int)(NextDouble() * n);
}
