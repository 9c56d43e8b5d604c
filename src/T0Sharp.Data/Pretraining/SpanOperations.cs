namespace T0Sharp.Data.Pretraining;

/// <summary>
/// What T5's denoising objectives do with a chunk and its noise mask (t5.data.preprocessors:
/// <c>noise_span_to_unique_sentinel</c>, <c>nonnoise_span_to_unique_sentinel</c>, <c>drop_noise_tokens</c>,
/// <c>drop_nonnoise_tokens</c>). Sentinels count down from <c>firstSentinel</c> (T5: vocab size − 1 = &lt;extra_id_0&gt;,
/// then &lt;extra_id_1&gt; = vocab size − 2, ...), one per span, in order.
/// </summary>
public static class SpanOperations
{
    /// <summary>Each run of noise tokens becomes one sentinel; the non-noise tokens stay (span corruption's inputs).</summary>
    public static int[] NoiseSpanToUniqueSentinel(ReadOnlySpan<int> tokens, ReadOnlySpan<bool> noise, int firstSentinel)
    {
        Check(tokens, noise);
        var result = new List<int>(tokens.Length);
        var sentinel = firstSentinel;
        for (int i = 0; i < tokens.Length; i++)
        {
            if (!noise[i]) result.Add(tokens[i]);
            else if (i == 0 || !noise[i - 1]) result.Add(sentinel--);
        }
        return [.. result];
    }

    /// <summary>Each run of non-noise tokens becomes one sentinel; the noise tokens stay (span corruption's targets).</summary>
    public static int[] NonNoiseSpanToUniqueSentinel(ReadOnlySpan<int> tokens, ReadOnlySpan<bool> noise, int firstSentinel)
    {
        Check(tokens, noise);
        var inverted = new bool[noise.Length];
        for (int i = 0; i < noise.Length; i++) inverted[i] = !noise[i];
        return NoiseSpanToUniqueSentinel(tokens, inverted, firstSentinel);
    }

    /// <summary>The tokens whose mask is false.</summary>
    public static int[] DropNoiseTokens(ReadOnlySpan<int> tokens, ReadOnlySpan<bool> noise) => Keep(tokens, noise, false);

    /// <summary>The tokens whose mask is true.</summary>
    public static int[] DropNonNoiseTokens(ReadOnlySpan<int> tokens, ReadOnlySpan<bool> noise) => Keep(tokens, noise, true);

    static int[] Keep(ReadOnlySpan<int> tokens, ReadOnlySpan<bool> noise, bool keep)
    {
        Check(tokens, noise);
        var result = new List<int>(tokens.Length);
        for (int i = 0; i < tokens.Length; i++) if (noise[i] == keep) result.Add(tokens[i]);
        return [.. result];
    }

    static void Check(ReadOnlySpan<int> tokens, ReadOnlySpan<bool> noise)
    {
        if (tokens.Length != noise.Length)
            throw new ArgumentException($"the noise mask has {noise.Length} values for {tokens.Length} tokens");
    }
}
