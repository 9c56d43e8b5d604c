using T0Sharp.Data.Features;

namespace T0Sharp.Data.Tests.Features;

public class DecoderOnlyConverterTests
{
    [Fact]
    public void Causal_lm_shift_without_bos_weights_targets_only()
    {
        var o = new FeatureConverterOptions(new FeatureLengths(3, 3), Pack: false, PadId: 3, EosId: null);
        var b = FeatureConverters.DecoderOnly([new TokenizedExample([5, 6, 7], [8, 9])], o, 1).Single();
        Assert.Equal(6, b.Length);
        Assert.Equal([5, 6, 7, 8, 3, 3], b.DecoderInputTokens);
        Assert.Equal([6, 7, 8, 9, 3, 3], b.DecoderTargetTokens);
        Assert.Equal([0, 0, 1, 1, 0, 0], b.DecoderLossWeights);
        Assert.Equal([1, 1, 1, 0, 0, 0], b.InputsMask);
        Assert.Equal([1, 1, 1, 1, 0, 0], b.DecoderSegmentIds);
        Assert.Equal([0, 1, 2, 3, 0, 0], b.DecoderPositions);
    }

    [Fact]
    public void Packed_with_bos_restarts_each_example()
    {
        var o = new FeatureConverterOptions(new FeatureLengths(4, 4), Pack: true, EosId: null, BosId: 1);
        var b = FeatureConverters.DecoderOnly([new TokenizedExample([5, 6], [7]), new TokenizedExample([8], [9, 4])], o, 1).Single();
        Assert.Equal([1, 5, 6, 1, 8, 9, 0, 0], b.DecoderInputTokens);
        Assert.Equal([5, 6, 7, 8, 9, 4, 0, 0], b.DecoderTargetTokens);
        Assert.Equal([0, 0, 1, 0, 1, 1, 0, 0], b.DecoderLossWeights);
        Assert.Equal([1, 1, 1, 2, 2, 2, 0, 0], b.DecoderSegmentIds);
        Assert.Equal([0, 1, 2, 0, 1, 2, 0, 0], b.DecoderPositions);
        Assert.Equal([1, 1, 1, 1, 1, 0, 0, 0], b.InputsMask);
        Assert.Equal(2, b.ExampleCount);
    }

    [Fact]
    public void Inputs_and_targets_are_truncated_separately()
    {
        var o = new FeatureConverterOptions(new FeatureLengths(2, 2), Pack: false, EosId: 2);
        var b = FeatureConverters.DecoderOnly([new TokenizedExample([5, 6, 7, 2], [8, 9, 10])], o, 1).Single();
        // inputs -> [5, 2] (eos kept), targets -> [8, 9]; sequence 5 2 8 9.
        Assert.Equal([5, 2, 8, 0], b.DecoderInputTokens);
        Assert.Equal([2, 8, 9, 0], b.DecoderTargetTokens);
        Assert.Equal([0, 1, 1, 0], b.DecoderLossWeights);
    }
}
