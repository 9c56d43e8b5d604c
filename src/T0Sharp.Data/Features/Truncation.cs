namespace T0Sharp.Data.Features;

/// <summary>
/// Truncation as Hugging Face (<c>truncation=True, max_length=L</c>) and seqio (<c>append_eos_after_trim</c>)
/// do it for T5: a sequence that ends with EOS and is too long keeps its first <c>L-1</c> tokens and then EOS,
/// so the model always sees the end marker. A sequence without a trailing EOS is simply cut to its first <c>L</c>
/// tokens and never gets one; so is every sequence when EOS is null (seqio's <c>append_eos</c> followed by the
/// trim, as t-zero trained T0: see <see cref="EosConvention.TruncationEosId"/>).
/// </summary>
public static class Truncation
{
    /// <summary>Returns <paramref name="tokens"/> itself when it fits, otherwise a truncated copy.</summary>
    public static int[] Apply(int[] tokens, int maxLength, int? eosId)
    {
        if (maxLength <= 0) throw new ArgumentOutOfRangeException(nameof(maxLength), "must be positive");
        if (tokens.Length <= maxLength) return tokens;
        var cut = tokens.AsSpan(0, maxLength).ToArray();
        if (eosId is int eos && tokens[^1] == eos) cut[^1] = eos;
        return cut;
    }
}
