using T0Sharp.Data.Features;

namespace T0Sharp.Data.Tests.Features;

/// <summary>Choice batches on literal inputs: one row per answer choice, exact arrays (seqio-style).</summary>
public class ChoiceBatchBuilderTests
{
    static readonly FeatureConverterOptions Options = new(new FeatureLengths(4, 3), Pack: true, PadId: 0, DecoderStartId: 0, EosId: 1);

    [Fact]
    public void Encoder_decoder_rows_repeat_the_input_and_hold_each_choice()
    {
        ChoiceExample[] examples = [new([9, 4, 3], [[7, 1], [8, 5, 1]], Label: 1, TaskIndex: 2), new([6, 1], [[3, 1], [4, 1]], Label: 0)];
        var b = ChoiceBatchBuilder.EncoderDecoder(examples, Options);
        Assert.Equal((4, 4, 3), (b.Rows, b.InputLength, b.TargetLength));
        Assert.Equal([9, 4, 3, 0, 9, 4, 3, 0, 6, 1, 0, 0, 6, 1, 0, 0], b.EncoderInputTokens);
        Assert.Equal([1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0], b.EncoderSegmentIds);
        Assert.Equal([7, 1, 0, 8, 5, 1, 3, 1, 0, 4, 1, 0], b.DecoderTargetTokens);
        Assert.Equal([0, 7, 0, 0, 8, 5, 0, 3, 0, 0, 4, 0], b.DecoderInputTokens);
        Assert.Equal([0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0], b.DecoderLossWeights);      // the correct choices only
        Assert.Equal([1, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 0], b.Metadata.ChoiceTokenWeights!); // every choice
        Assert.Equal([0, 0, 1, 1], b.Metadata.ChoiceGroups!);
        Assert.Equal([0, 1, 1, 0], b.Metadata.ChoiceLabels!);
        Assert.Equal([2, 2, -1, -1], b.Metadata.RowTaskIds!);
        Assert.Equal(2, b.ExampleCount);
    }

    [Fact]
    public void Truncation_keeps_the_eos_of_a_cut_choice()
    {
        var b = ChoiceBatchBuilder.EncoderDecoder([new([9, 4, 3, 2, 5, 1], [[7, 6, 5, 4, 1], [8, 1]], 0)], Options);
        Assert.Equal([9, 4, 3, 1], b.EncoderInputTokens[..4]);
        Assert.Equal([7, 6, 1], b.DecoderTargetTokens[..3]);
    }

    [Fact]
    public void Decoder_only_rows_are_input_then_choice_with_the_causal_shift()
    {
        var o = new FeatureConverterOptions(new FeatureLengths(3, 2), PadId: 0, EosId: null);
        var b = ChoiceBatchBuilder.DecoderOnly([new([9, 4, 3], [[7], [8, 5]], Label: 0)], o);
        Assert.Equal((2, 5), (b.Rows, b.Length));
        Assert.Equal([9, 4, 3, 0, 0, 9, 4, 3, 8, 0], b.DecoderInputTokens);
        Assert.Equal([4, 3, 7, 0, 0, 4, 3, 8, 5, 0], b.DecoderTargetTokens);
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], b.DecoderLossWeights);
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 1, 1, 0], b.Metadata.ChoiceTokenWeights!);
        Assert.Equal([1, 0], b.Metadata.ChoiceLabels!);
    }

    [Fact]
    public void An_example_needs_two_choices_and_a_label_among_them()
    {
        Assert.Throws<ArgumentException>(() => ChoiceBatchBuilder.EncoderDecoder([new([9], [[7, 1]], 0)], Options));
        Assert.Throws<ArgumentException>(() => ChoiceBatchBuilder.EncoderDecoder([new([9], [[7, 1], [8, 1]], 2)], Options));
    }

    [Fact]
    public void Packed_and_unpacked_builders_record_each_rows_task()
    {
        var packed = FeatureConverters.EncoderDecoder([new TokenizedExample([5, 1], [6, 1], 3), new TokenizedExample([7, 1], [8, 1], 3), new TokenizedExample([2, 1], [2, 1], 4)],
            new FeatureConverterOptions(new FeatureLengths(4, 4)), 2).First();
        Assert.Equal([3, 4], packed.Metadata.RowTaskIds!);
        var mixed = FeatureConverters.EncoderDecoder([new TokenizedExample([5, 1], [6, 1], 3), new TokenizedExample([7, 1], [8, 1], 4)],
            new FeatureConverterOptions(new FeatureLengths(4, 4)), 1).First();
        Assert.Equal([-1], mixed.Metadata.RowTaskIds!);
    }
}
