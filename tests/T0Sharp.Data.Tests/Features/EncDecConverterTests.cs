using T0Sharp.Data.Features;

namespace T0Sharp.Data.Tests.Features;

public class EncDecConverterTests
{
    static TokenizedExample Ex(int[] i, int[] t) => new(i, t);

    [Fact]
    public void Unpacked_single_example_is_padded_and_shifted()
    {
        var o = new FeatureConverterOptions(new FeatureLengths(7, 5), Pack: false);
        var b = FeatureConverters.EncoderDecoder([Ex([9, 4, 3, 8, 1], [3, 9, 4, 1])], o, 1).Single();
        Assert.Equal((1, 7, 5), (b.Rows, b.InputLength, b.TargetLength));
        Assert.Equal([9, 4, 3, 8, 1, 0, 0], b.EncoderInputTokens);
        Assert.Equal([1, 1, 1, 1, 1, 0, 0], b.EncoderSegmentIds);
        Assert.Equal([0, 1, 2, 3, 4, 0, 0], b.EncoderPositions);
        Assert.Equal([3, 9, 4, 1, 0], b.DecoderTargetTokens);
        Assert.Equal([0, 3, 9, 4, 0], b.DecoderInputTokens);
        Assert.Equal([1, 1, 1, 1, 0], b.DecoderLossWeights);
        Assert.Equal([1, 1, 1, 1, 0], b.DecoderSegmentIds);
        Assert.Equal([0, 1, 2, 3, 0], b.DecoderPositions);
        Assert.Equal(1, b.ExampleCount);
    }

    [Fact]
    public void Packed_two_examples_share_a_row_with_segment_ids()
    {
        // seqio feature_converters_test: test_encoder_decoder_packed.
        var o = new FeatureConverterOptions(new FeatureLengths(10, 7), Pack: true);
        var b = FeatureConverters.EncoderDecoder([Ex([7, 8, 5, 1], [3, 9, 1]), Ex([8, 4, 9, 3, 1], [4, 1])], o, 1).Single();
        Assert.Equal([7, 8, 5, 1, 8, 4, 9, 3, 1, 0], b.EncoderInputTokens);
        Assert.Equal([1, 1, 1, 1, 2, 2, 2, 2, 2, 0], b.EncoderSegmentIds);
        Assert.Equal([0, 1, 2, 3, 0, 1, 2, 3, 4, 0], b.EncoderPositions);
        Assert.Equal([3, 9, 1, 4, 1, 0, 0], b.DecoderTargetTokens);
        Assert.Equal([0, 3, 9, 0, 4, 0, 0], b.DecoderInputTokens);
        Assert.Equal([1, 1, 1, 1, 1, 0, 0], b.DecoderLossWeights);
        Assert.Equal([1, 1, 1, 2, 2, 0, 0], b.DecoderSegmentIds);
        Assert.Equal([0, 1, 2, 0, 1, 0, 0], b.DecoderPositions);
        Assert.Equal(2, b.ExampleCount);
    }

    [Fact]
    public void First_fit_packs_across_rows_and_the_misfit_starts_the_next_batch()
    {
        var o = new FeatureConverterOptions(new FeatureLengths(6, 4), Pack: true);
        var a = Ex([11, 12, 13, 14, 1], [21, 1]);
        var b = Ex([31, 32, 33, 1], [41, 1]);   // does not fit row 0's inputs (5+4>6): row 1
        var c = Ex([1], [51, 1]);               // fits row 0 exactly (6 inputs, 4 targets)
        var d = Ex([1], [61]);                  // row 0 full, row 1 has room
        var e = Ex([71, 72, 1], [81, 1]);       // fits nowhere: next batch
        var batches = FeatureConverters.EncoderDecoder([a, b, c, d, e], o, 2).ToList();
        Assert.Equal(2, batches.Count);
        var first = batches[0];
        Assert.Equal([11, 12, 13, 14, 1, 1, /**/ 31, 32, 33, 1, 1, 0], first.EncoderInputTokens);
        Assert.Equal([1, 1, 1, 1, 1, 2, /**/ 1, 1, 1, 1, 2, 0], first.EncoderSegmentIds);
        Assert.Equal([21, 1, 51, 1, /**/ 41, 1, 61, 0], first.DecoderTargetTokens);
        Assert.Equal([0, 21, 0, 51, /**/ 0, 41, 0, 0], first.DecoderInputTokens);
        Assert.Equal([1, 1, 2, 2, /**/ 1, 1, 2, 0], first.DecoderSegmentIds);
        Assert.Equal([0, 1, 0, 1, /**/ 0, 1, 0, 0], first.DecoderPositions);
        Assert.Equal(4, first.ExampleCount);
        var second = batches[1];
        Assert.Equal([71, 72, 1, 0, 0, 0, /**/ 0, 0, 0, 0, 0, 0], second.EncoderInputTokens);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0], second.DecoderSegmentIds[4..].Concat(second.DecoderLossWeights[4..]).ToArray());
        Assert.Equal(1, second.ExampleCount);
    }

    [Fact]
    public void Truncation_keeps_eos_and_pads_with_pad_id()
    {
        var o = new FeatureConverterOptions(new FeatureLengths(4, 3), Pack: false, PadId: 0, EosId: 1);
        var b = FeatureConverters.EncoderDecoder([Ex([5, 6, 7, 8, 9, 1], [4, 5, 6, 1]), Ex([5, 1], [2, 3, 4, 5])], o, 2).Single();
        Assert.Equal([5, 6, 7, 1, /**/ 5, 1, 0, 0], b.EncoderInputTokens);
        Assert.Equal([4, 5, 1, /**/ 2, 3, 4], b.DecoderTargetTokens);   // no eos at the end: plain cut
        Assert.Equal([0, 4, 5, /**/ 0, 2, 3], b.DecoderInputTokens);
    }

    [Theory]
    [InlineData(new[] { 5, 6, 7, 8, 1 }, 3, 1, new[] { 5, 6, 1 })]
    [InlineData(new[] { 5, 6, 7, 8 }, 3, 1, new[] { 5, 6, 7 })]
    [InlineData(new[] { 5, 6, 7, 8, 1 }, 3, -1, new[] { 5, 6, 7 })]
    [InlineData(new[] { 5, 1 }, 3, 1, new[] { 5, 1 })]
    public void Truncation_rules(int[] tokens, int max, int eos, int[] expected) =>
        Assert.Equal(expected, Truncation.Apply(tokens, max, eos < 0 ? null : eos));

    [Fact]
    public void Unpacked_batch_fills_one_example_per_row()
    {
        var o = new FeatureConverterOptions(new FeatureLengths(3, 2), Pack: false);
        var batches = FeatureConverters.EncoderDecoder([Ex([1], [1]), Ex([2, 1], [1]), Ex([3, 1], [7, 1])], o, 2).ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal([1, 0, 0, 2, 1, 0], batches[0].EncoderInputTokens);
        Assert.Equal([3, 1, 0, 0, 0, 0], batches[1].EncoderInputTokens);
        Assert.Equal([7, 1, 0, 0], batches[1].DecoderTargetTokens);
    }
}
