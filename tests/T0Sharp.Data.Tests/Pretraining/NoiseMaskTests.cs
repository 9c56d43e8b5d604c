using Xunit.Abstractions;
using T0Sharp.Data.Pretraining;

namespace T0Sharp.Data.Tests.Pretraining;

/// <summary>
/// T5's span-corruption mask rules (t5.data.preprocessors.random_spans_noise_mask / random_spans_helper) on literal
/// cases worked out by hand, its structural invariants over many seeds, and its statistics.
/// </summary>
public class NoiseMaskTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(568, 0.15, 3.0, 85, 28)]    // T5's raw chunk for inputs 512: round(85.2) = 85, round(28.33) = 28
    [InlineData(100, 0.15, 3.0, 15, 5)]
    [InlineData(10, 0.15, 3.0, 2, 1)]       // round(1.5) = 2 (half to even), round(0.67) = 1
    [InlineData(30, 0.15, 3.0, 4, 1)]       // round(4.5) = 4 (half to even), round(1.33) = 1
    [InlineData(5, 0.15, 3.0, 1, 1)]        // round(0.75) = 1, round(0.33) = 0 -> at least 1 span
    [InlineData(3, 0.1, 3.0, 1, 1)]         // round(0.3) = 0 -> at least 1 noise token
    [InlineData(1, 0.15, 3.0, 1, 1)]        // length raised to 2 first
    [InlineData(20, 0.5, 3.0, 10, 3)]
    [InlineData(100, 0.5, 3.0, 50, 17)]     // round(16.67) = 17
    [InlineData(64, 0.15, 64.0, 10, 1)]     // UL2's X-denoiser with long spans: one span
    [InlineData(4, 0.99, 3.0, 3, 1)]        // clamped to length - 1 noise tokens
    public void Span_counts_follow_T5s_rounding_and_clamping(int length, double density, double mean, int noise, int spans) =>
        Assert.Equal((noise, spans), NoiseMasks.SpanCounts(length, density, mean));

    [Theory]
    [InlineData(512, 0.15, 3.0, 568, 114)]  // T5's pretraining lengths
    [InlineData(512, 0.5, 3.0, 766, 512)]   // 767 gives targets 513 > 512: T5's density-0.5 adjustment takes one off
    [InlineData(64, 0.15, 3.0, 70, 14)]     // 70: 10 noise (10.5 to even), 3 spans, inputs 60 + 3 + 1 = 64; 71: 71 - 11 + 4 + 1 = 65
    public void Raw_lengths_are_the_longest_chunk_whose_inputs_fit(int inputs, double density, double mean, int tokens, int targets)
    {
        // An independent check of the definition rather than of the code: the chunk's corrupted inputs fit, one more token does not.
        int InputsOf(int n)
        {
            var noise = (int)Math.Round(n * density, MidpointRounding.ToEven);
            return n - noise + (int)Math.Round(noise / mean, MidpointRounding.ToEven) + 1;
        }
        var (t, g) = NoiseMasks.RandomSpansLengths(inputs, density, mean);
        Assert.True(InputsOf(t) <= inputs);
        if (density != 0.5) Assert.True(InputsOf(t + 1) > inputs);
        Assert.Equal((tokens, targets), (t, g));
    }

    /// <summary>(start, length) of each run of true values.</summary>
    internal static List<(int Start, int Length)> Runs(bool[] mask, bool value = true)
    {
        var runs = new List<(int, int)>();
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] != value) continue;
            var start = i;
            while (i + 1 < mask.Length && mask[i + 1] == value) i++;
            runs.Add((start, i - start + 1));
        }
        return runs;
    }

    [Theory]
    [InlineData(568, 0.15, 3.0)]
    [InlineData(70, 0.15, 3.0)]
    [InlineData(17, 0.15, 3.0)]
    [InlineData(64, 0.5, 8.0)]
    [InlineData(64, 0.15, 64.0)]
    [InlineData(2, 0.15, 3.0)]
    public void Every_mask_has_the_fixed_counts_alternates_and_starts_with_non_noise(int length, double density, double mean)
    {
        var (noise, spans) = NoiseMasks.SpanCounts(length, density, mean);
        for (int seed = 0; seed < 200; seed++)
        {
            var mask = NoiseMasks.RandomSpans(length, density, mean, new Random(seed));
            Assert.Equal(length, mask.Length);
            Assert.Equal(noise, mask.Count(m => m));
            Assert.Equal(spans, Runs(mask).Count);            // noise spans
            Assert.Equal(spans, Runs(mask, false).Count);     // as many non-noise spans, interleaved
            Assert.False(mask[0]);                            // starts with non-noise ...
            Assert.True(mask[^1]);                            // ... and ends with noise
        }
    }

    [Fact]
    public void Masks_are_deterministic_per_seed_and_differ_between_seeds()
    {
        var a = NoiseMasks.RandomSpans(568, 0.15, 3, new Random(7));
        var b = NoiseMasks.RandomSpans(568, 0.15, 3, new Random(7));
        Assert.Equal(a, b);
        var distinct = Enumerable.Range(0, 50).Select(s => string.Concat(NoiseMasks.RandomSpans(568, 0.15, 3, new Random(s)).Select(m => m ? '1' : '0')))
            .Distinct().Count();
        Assert.Equal(50, distinct);
    }

    [Fact]
    public void Random_segmentation_makes_every_composition_equally_likely()
    {
        // 5 items in 2 non-empty segments: (1,4), (2,3), (3,2), (4,1), each with probability 1/4.
        var rng = new Random(3);
        var counts = new int[5];
        const int draws = 40_000;
        for (int i = 0; i < draws; i++)
        {
            var lengths = NoiseMasks.RandomSegmentation(5, 2, rng);
            Assert.Equal(5, lengths.Sum());
            Assert.All(lengths, l => Assert.True(l >= 1));
            counts[lengths[0]]++;
        }
        // Binomial sd = sqrt(40000 * 1/4 * 3/4) = 87; 4.6 sd.
        for (int first = 1; first <= 4; first++) Assert.InRange(counts[first], 10_000 - 400, 10_000 + 400);
        Assert.Equal([1, 1, 1], NoiseMasks.RandomSegmentation(3, 3, rng));
        Assert.Equal([7], NoiseMasks.RandomSegmentation(7, 1, rng));
    }

    [Fact]
    public void Over_many_draws_density_and_mean_span_length_match_the_settings()
    {
        // Lengths drawn from 20..600: density and mean span length are set per mask by rounding, so their averages over
        // many lengths must come out at the settings within the rounding's bias; the positions of noise spread over the chunk.
        var rng = new Random(11);
        long tokens = 0, noise = 0, spans = 0;
        var lengthHistogram = new Dictionary<int, int>();
        double firstHalf = 0, secondHalf = 0;
        for (int i = 0; i < 5_000; i++)
        {
            var length = rng.Next(20, 601);
            var mask = NoiseMasks.RandomSpans(length, 0.15, 3.0, rng);
            tokens += length;
            noise += mask.Count(m => m);
            foreach (var run in Runs(mask))
            {
                spans++;
                lengthHistogram[run.Length] = lengthHistogram.GetValueOrDefault(run.Length) + 1;
            }
            firstHalf += mask.Take(length / 2).Count(m => m);
            secondHalf += mask.Skip(length / 2).Count(m => m);
        }
        var density = (double)noise / tokens;
        var meanSpan = (double)noise / spans;
        output.WriteLine($"density {density:F4}, mean noise span length {meanSpan:F3} over {spans:N0} spans; noise in first/second half {firstHalf / noise:F3}/{secondHalf / noise:F3}");
        output.WriteLine("span length histogram: " + string.Join(", ", lengthHistogram.OrderBy(k => k.Key).Take(10).Select(k => $"{k.Key}:{k.Value}")));
        Assert.InRange(density, 0.1490, 0.1510);
        Assert.InRange(meanSpan, 2.95, 3.05);
        // Chunks start with non-noise and end with noise, so a little more noise falls in the second half (T5 adds random_roll for that).
        Assert.InRange(firstHalf / noise, 0.45, 0.50);
        // Random segmentation gives geometric-like span lengths: 1 is the most frequent, and spans far above the mean occur.
        Assert.True(lengthHistogram[1] > lengthHistogram[2] && lengthHistogram[2] > lengthHistogram[3]);
        Assert.Contains(lengthHistogram.Keys, k => k >= 10);
    }

    [Fact]
    public void Prefix_split_points_are_uniform_over_their_range()
    {
        var rng = new Random(5);
        var counts = new int[10];
        for (int i = 0; i < 9_000; i++)
        {
            var mask = NoiseMasks.RandomPrefix(10, 0.5, rng);
            var k = mask.Count(m => m);
            Assert.All(mask.Take(k), Assert.True);               // a prefix ...
            Assert.All(mask.Skip(k), Assert.False);              // ... then the rest
            counts[k]++;
        }
        Assert.Equal(0, counts[0]);
        for (int k = 1; k <= 9; k++) Assert.InRange(counts[k], 1000 - 150, 1000 + 150); // sd 30
        // UL2's S-denoiser (density 0.25): the prefix keeps at least round(0.5 * 10) = 5 of 11 tokens' 10 split points.
        var ks = Enumerable.Range(0, 2000).Select(_ => NoiseMasks.RandomPrefix(11, 0.25, rng).Count(m => m)).ToHashSet();
        Assert.Equal([5, 6, 7, 8, 9, 10], ks.Order());
    }
}
