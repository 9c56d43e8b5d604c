using T0Sharp.Data.Features;

namespace T0Sharp.Data.Tests.Features;

/// <summary>Random examples, packed: every example comes back intact in exactly one segment, and segments never mix.</summary>
public class PackingInvariantTests
{
    static List<TokenizedExample> RandomExamples(int seed, int n)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(i => new TokenizedExample(
            Enumerable.Range(0, rng.Next(1, 30)).Select(_ => rng.Next(3, 100)).Append(1).ToArray(),
            Enumerable.Range(0, rng.Next(0, 10)).Select(_ => rng.Next(3, 100)).Append(1).ToArray(), i)).ToList();
    }

    [Theory]
    [InlineData(1, 24, 8, 3)]
    [InlineData(2, 16, 16, 5)]
    [InlineData(3, 40, 6, 1)]
    public void Encoder_decoder_packing_keeps_every_example_whole_and_separate(int seed, int li, int lt, int rows)
    {
        var examples = RandomExamples(seed, 300);
        var o = new FeatureConverterOptions(new FeatureLengths(li, lt));
        var batches = FeatureConverters.EncoderDecoder(examples, o, rows).ToList();
        Assert.Equal(examples.Count, batches.Sum(b => b.ExampleCount));
        var recovered = new List<(int[] In, int[] Tg)>();
        foreach (var b in batches)
            for (int r = 0; r < b.Rows; r++)
            {
                var enc = Segments(b.EncoderSegmentIds.AsSpan(r * li, li).ToArray(), b.EncoderPositions.AsSpan(r * li, li).ToArray());
                var dec = Segments(b.DecoderSegmentIds.AsSpan(r * lt, lt).ToArray(), b.DecoderPositions.AsSpan(r * lt, lt).ToArray());
                Assert.Equal(enc.Select(s => s.Id), dec.Select(s => s.Id));       // same segments on both sides, in order 1..k
                Assert.Equal(Enumerable.Range(1, enc.Count), enc.Select(s => s.Id));
                for (int k = 0; k < enc.Count; k++)
                {
                    var inTok = b.EncoderInputTokens.AsSpan(r * li + enc[k].Start, enc[k].Length).ToArray();
                    var tgTok = b.DecoderTargetTokens.AsSpan(r * lt + dec[k].Start, dec[k].Length).ToArray();
                    var decIn = b.DecoderInputTokens.AsSpan(r * lt + dec[k].Start, dec[k].Length).ToArray();
                    Assert.Equal([0, .. tgTok[..^1]], decIn);                      // shifted right inside the segment only
                    Assert.All(b.DecoderLossWeights.AsSpan(r * lt + dec[k].Start, dec[k].Length).ToArray(), w => Assert.Equal(1, w));
                    recovered.Add((inTok, tgTok));
                }
            }
        var expected = examples.Select(e => (Truncation.Apply(e.Inputs, li, 1), Truncation.Apply(e.Targets, lt, 1)))
            .OrderBy(x => string.Join(",", x.Item1) + "|" + string.Join(",", x.Item2), StringComparer.Ordinal).ToList();
        var got = recovered.OrderBy(x => string.Join(",", x.In) + "|" + string.Join(",", x.Tg), StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(e => e.Item1), got.Select(g => g.In));
        Assert.Equal(expected.Select(e => e.Item2), got.Select(g => g.Tg));
    }

    /// <summary>Contiguous runs of equal non-zero segment ids; positions must count 0.. within each; padding only at the end.</summary>
    static List<(int Id, int Start, int Length)> Segments(int[] ids, int[] positions)
    {
        var list = new List<(int, int, int)>();
        int i = 0;
        while (i < ids.Length && ids[i] != 0)
        {
            int start = i;
            while (i < ids.Length && ids[i] == ids[start]) { Assert.Equal(i - start, positions[i]); i++; }
            list.Add((ids[start], start, i - start));
        }
        for (; i < ids.Length; i++) Assert.Equal(0, ids[i]);
        return list;
    }
}
