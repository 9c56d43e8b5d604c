namespace T0Sharp.Data.Pretraining;

/// <summary>
/// Which tokens of a chunk are "noise", by T5's rules (t5.data.preprocessors: <c>random_spans_noise_mask</c>,
/// <c>random_prefix_noise_mask</c>, <c>random_spans_helper</c>). Rounding is round-half-to-even, as Python's
/// <c>round</c> and <c>tf.round</c>; the mask computes in float32 as TensorFlow does, the helper in float64 as Python.
/// Randomness comes from the caller's <see cref="Random"/>, so a mask is a pure function of (length, settings, seed).
/// </summary>
public static class NoiseMasks
{
    /// <summary>
    /// The numbers <c>random_spans_noise_mask</c> fixes before drawing: noise tokens = round(length × density) clamped to
    /// [1, length − 1]; noise spans = round(noise tokens / mean span length), at least 1. The length is raised to 2 first
    /// (T5 does this to avoid degenerate masks). T0Sharp additionally caps the span count at the number of non-noise
    /// tokens (and noise tokens), where T5 would fail to build a mask with empty spans (only reachable with densities near 1
    /// or mean span lengths below 1).
    /// </summary>
    public static (int NoiseTokens, int NoiseSpans) SpanCounts(int length, double noiseDensity, double meanNoiseSpanLength)
    {
        length = Math.Max(length, 2);
        var noise = (int)MathF.Round(length * (float)noiseDensity, MidpointRounding.ToEven);
        noise = Math.Min(Math.Max(noise, 1), length - 1);
        var spans = (int)MathF.Round(noise / (float)meanNoiseSpanLength, MidpointRounding.ToEven);
        spans = Math.Min(Math.Max(spans, 1), Math.Min(noise, length - noise));
        return (noise, spans);
    }

    /// <summary>
    /// T5's span-corruption mask: <see cref="SpanCounts"/> noise tokens in that many noise spans; the noise tokens and
    /// the non-noise tokens are each cut into that many non-empty spans uniformly at random, and the spans alternate
    /// non-noise, noise, non-noise, ..., so the chunk starts with non-noise and ends with noise. Density 0 gives no noise.
    /// </summary>
    public static bool[] RandomSpans(int length, double noiseDensity, double meanNoiseSpanLength, Random rng)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
        if (noiseDensity == 0.0) return new bool[length];
        var (noise, spans) = SpanCounts(length, noiseDensity, meanNoiseSpanLength);
        var full = Math.Max(length, 2);
        var noiseLengths = RandomSegmentation(noise, spans, rng);
        var plainLengths = RandomSegmentation(full - noise, spans, rng);
        var mask = new bool[full];
        var at = 0;
        for (int s = 0; s < spans; s++)
        {
            at += plainLengths[s];
            for (int i = 0; i < noiseLengths[s]; i++) mask[at++] = true;
        }
        return length == full ? mask : mask[..length];
    }

    /// <summary>
    /// Cuts <paramref name="items"/> items into <paramref name="segments"/> non-empty segments, every cut equally likely
    /// (T5's <c>_random_segmentation</c>: a shuffled 0/1 vector over the items − 1 gaps with segments − 1 ones marks where
    /// new segments start). Returns the segment lengths, which sum to <paramref name="items"/>.
    /// </summary>
    public static int[] RandomSegmentation(int items, int segments, Random rng)
    {
        if (items < 1 || segments < 1 || segments > items)
            throw new ArgumentOutOfRangeException(nameof(segments), $"cannot cut {items} items into {segments} non-empty segments");
        var startsSegment = new bool[items - 1];
        for (int i = 0; i < segments - 1; i++) startsSegment[i] = true;
        rng.Shuffle(startsSegment);
        var lengths = new int[segments];
        var segment = 0;
        lengths[0] = 1;
        foreach (var starts in startsSegment)
        {
            if (starts) segment++;
            lengths[segment]++;
        }
        return lengths;
    }

    /// <summary>
    /// T5's prefix-LM mask: the first k tokens are the prefix (true), k uniform in
    /// [max(1, round((1 − 2·density)·(length − 1))), length − 1] (capped at length − 1). Density 0.5 (T5's prefix_lm,
    /// T0's LM adaptation) splits anywhere in [1, length − 1]; UL2's S-denoiser uses 0.25.
    /// </summary>
    public static bool[] RandomPrefix(int length, double noiseDensity, Random rng)
    {
        if (noiseDensity > 0.5) throw new ArgumentOutOfRangeException(nameof(noiseDensity), "a prefix mask needs noise density <= 0.5");
        if (length < 2) throw new ArgumentOutOfRangeException(nameof(length), "a prefix split needs at least 2 tokens");
        var maxInput = length - 1;
        var minInput = Math.Min(maxInput, Math.Max(1, (int)MathF.Round((float)(1 - 2 * noiseDensity) * maxInput, MidpointRounding.ToEven)));
        var k = rng.Next(minInput, maxInput + 1);
        var mask = new bool[length];
        for (int i = 0; i < k; i++) mask[i] = true;
        return mask;
    }

    /// <summary>
    /// T5's <c>random_spans_helper</c>: the longest raw chunk whose span-corrupted inputs (non-noise tokens, one sentinel
    /// per noise span, EOS) fit <paramref name="inputsLength"/>, and the length of the targets it gives (one sentinel per
    /// span, the noise tokens, EOS). T5's inputs length 512 gives 568 raw tokens and 114 targets.
    /// </summary>
    public static (int TokensLength, int TargetsLength) RandomSpansLengths(int inputsLength, double noiseDensity, double meanNoiseSpanLength,
        int extraTokensPerSpanInputs = 1, int extraTokensPerSpanTargets = 1)
    {
        (int Inputs, int Targets) Lengths(int tokens)
        {
            var noise = (int)Math.Round(tokens * noiseDensity, MidpointRounding.ToEven);
            var spans = (int)Math.Round(noise / meanNoiseSpanLength, MidpointRounding.ToEven);
            return (tokens - noise + spans * extraTokensPerSpanInputs + 1, noise + spans * extraTokensPerSpanTargets + 1);
        }
        var tokensLength = inputsLength - 1;
        while (Lengths(tokensLength + 1).Inputs <= inputsLength) tokensLength++;
        var targetsLength = Lengths(tokensLength).Targets;
        // T5's adjustment so that targets match a round inputs length at density 0.5.
        if (noiseDensity == 0.5 && targetsLength > Lengths(tokensLength).Inputs)
        {
            tokensLength--;
            targetsLength--;
        }
        return (tokensLength, targetsLength);
    }
}
