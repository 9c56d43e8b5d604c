using System.Globalization;

namespace T0Sharp.Data.Pretraining;

/// <summary>One UL2 denoiser: R (regular span corruption), X (extreme: long spans or high density) or S (sequential: prefix LM).</summary>
/// <param name="Kind">'R', 'X' or 'S'.</param>
/// <param name="MeanSpanLength">Mean noise span length (R, X); unused for S.</param>
/// <param name="NoiseDensity">Share of the chunk that is noise (R, X) or, for S, the mean share that becomes targets (at most 0.5).</param>
/// <param name="Rate">Unnormalised sampling rate.</param>
public sealed record Ul2Denoiser(char Kind, double MeanSpanLength, double NoiseDensity, double Rate)
{
    /// <summary>UL2's seven denoisers (Tay et al. 2022, section 3.1.4), equally weighted.</summary>
    public const string PaperSpec = "R:3:0.15, R:8:0.15, S:0.25, X:3:0.5, X:8:0.5, X:64:0.15, X:64:0.5";

    /// <summary>
    /// Parses a comma-separated list: <c>R:mean:density[:rate]</c>, <c>X:mean:density[:rate]</c>, <c>S:density[:rate]</c>
    /// (rate 1 when left out), e.g. <see cref="PaperSpec"/>.
    /// </summary>
    /// <exception cref="FormatException">a malformed entry; the message quotes it.</exception>
    public static IReadOnlyList<Ul2Denoiser> ParseList(string spec)
    {
        var list = new List<Ul2Denoiser>();
        foreach (var entry in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':', StringSplitOptions.TrimEntries);
            var kind = parts[0].ToUpperInvariant();
            double Number(int i, string what) =>
                double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0 ? v
                    : throw new FormatException($"denoiser '{entry}': {what} '{parts[i]}' is not a non-negative number");
            Ul2Denoiser d = kind switch
            {
                "R" or "X" when parts.Length is 3 or 4 =>
                    new(kind[0], Number(1, "mean span length"), Number(2, "noise density"), parts.Length == 4 ? Number(3, "rate") : 1),
                "S" when parts.Length is 2 or 3 => new('S', 0, Number(1, "noise density"), parts.Length == 3 ? Number(2, "rate") : 1),
                _ => throw new FormatException($"denoiser '{entry}': expected R:mean:density[:rate], X:mean:density[:rate] or S:density[:rate]"),
            };
            if (d.Kind != 'S' && !(d.MeanSpanLength >= 1)) throw new FormatException($"denoiser '{entry}': the mean span length must be at least 1");
            if (d.Kind != 'S' && !(d.NoiseDensity is > 0 and < 1)) throw new FormatException($"denoiser '{entry}': the noise density must be in (0, 1)");
            if (d.Kind == 'S' && !(d.NoiseDensity is > 0 and <= 0.5)) throw new FormatException($"denoiser '{entry}': S needs a density in (0, 0.5]");
            list.Add(d);
        }
        if (list.Count == 0) throw new FormatException("the denoiser list is empty");
        return list;
    }
}

/// <summary>The mixtures of objectives from the literature, built from their parts.</summary>
public static class PretrainingObjectives
{
    /// <summary>
    /// AlexaTM 20B's pretraining (Soltan et al. 2022): <paramref name="clmRate"/> of the chunks (the paper: 20%) are
    /// causal-LM examples, <paramref name="clmMode"/> (the paper's [CLM] token) then the prefix of a prefix-LM split as
    /// inputs and the continuation as targets; the others are <see cref="SpanDeletion"/> examples (drop 15% of the
    /// tokens in spans of mean length 3, reconstruct the whole chunk).
    /// </summary>
    public static ObjectiveMixture AlexaTM(PretrainingTokens tokens, double clmRate, int[] clmMode, double noiseDensity = 0.15, double meanNoiseSpanLength = 3.0)
    {
        if (!(clmRate is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(clmRate), "the causal-LM rate must be in [0, 1]");
        return new ObjectiveMixture("AlexaTM",
        [
            new(new SpanDeletion(noiseDensity, meanNoiseSpanLength, tokens), 1 - clmRate),
            new(new PrefixLm(tokens, 0.5, clmMode), clmRate),
        ]);
    }

    /// <summary>
    /// UL2's mixture of denoisers (Tay et al. 2022): each R or X denoiser is T5 <see cref="SpanCorruption"/> with its
    /// mean span length and density, each S denoiser a <see cref="PrefixLm"/> with its density; each starts its inputs
    /// with its paradigm's mode token from <paramref name="modeTokens"/> (the paper: [NLU] for R, [NLG] for X, [S2S] for S).
    /// </summary>
    public static ObjectiveMixture Ul2(PretrainingTokens tokens, IReadOnlyList<Ul2Denoiser> denoisers, Func<char, int[]> modeTokens) =>
        new("UL2", denoisers.Select(d => new WeightedObjective(d.Kind == 'S'
            ? new PrefixLm(tokens, d.NoiseDensity, modeTokens('S'))
            : new SpanCorruption(d.NoiseDensity, d.MeanSpanLength, tokens, modeTokens(d.Kind)), d.Rate)));
}
