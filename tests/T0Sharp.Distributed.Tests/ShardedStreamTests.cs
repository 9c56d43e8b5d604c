using T0Sharp.Data.Features;
using T0Sharp.Training.Data;
using T0Sharp.Training.Distributed;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Objectives;
using T0Sharp.Training.Options;

namespace T0Sharp.Distributed.Tests;

/// <summary>Each rank's share of the shared stream, and the loss weights a share gets from the whole step's counts.</summary>
public class ShardedStreamTests
{
    static List<TokenizedExample> Examples(int n)
    {
        var rnd = new Random(5);
        return Enumerable.Range(0, n).Select(_ => new TokenizedExample(
            Enumerable.Range(0, rnd.Next(2, 9)).Select(_ => rnd.Next(3, 50)).ToArray(),
            Enumerable.Range(0, rnd.Next(1, 5)).Select(_ => rnd.Next(3, 50)).ToArray())).ToList();
    }

    static ExampleListStream Stream(bool pack) =>
        new(Examples(200), new FeatureConverterOptions(new FeatureLengths(16, 8), pack, 0, 0, 1, null), seed: 3);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_ranks_shares_are_disjoint_and_together_are_the_single_process_batch(bool pack)
    {
        var whole = Stream(pack);
        var ranks = Enumerable.Range(0, 3).Select(r => new ShardedTrainingStream(Stream(pack), r, 3)).ToList();
        for (var step = 0; step < 5; step++)
        {
            var expected = whole.Next(6);
            var shares = ranks.Select(s => s.Next(2)).ToList();
            Assert.All(shares, s => Assert.Equal(2, s.Rows));
            Assert.Equal(expected.EncoderInputTokens, shares.SelectMany(s => s.EncoderInputTokens!));
            Assert.Equal(expected.DecoderTargetTokens, shares.SelectMany(s => s.DecoderTargetTokens));
            Assert.Equal(expected.DecoderLossWeights, shares.SelectMany(s => s.DecoderLossWeights));
            Assert.Equal(expected.DecoderSegmentIds ?? [], shares.SelectMany(s => s.DecoderSegmentIds ?? []));
            Assert.Equal(expected.EncoderPositions ?? [], shares.SelectMany(s => s.EncoderPositions ?? []));
        }
        // The position is the shared stream's, the same on every rank.
        Assert.Equal(whole.SaveState(), ranks[0].SaveState());
        Assert.Equal(whole.SaveState(), ranks[2].SaveState());
    }

    [Theory]
    [InlineData(LossNormalization.TokenMean)]
    [InlineData(LossNormalization.SequenceMean)]
    [InlineData(LossNormalization.TokenSum)]
    public void A_share_weighted_by_the_whole_steps_counts_gets_the_weights_of_the_whole_step(LossNormalization normalization)
    {
        var stream = Stream(pack: true);
        var step = Enumerable.Range(0, 2).Select(_ => stream.Next(4)).ToList(); // one process: two micro-batches of 4 rows
        var expected = LossWeights.Compute(step, normalization);
        var shares = step.SelectMany(b => new[] { ShardedTrainingStream.Slice(b, 0, 2), ShardedTrainingStream.Slice(b, 2, 2) }).ToList();
        var rank0 = new[] { shares[0], shares[2] };
        var rank1 = new[] { shares[1], shares[3] };
        var c0 = LossWeights.Count(rank0);
        var c1 = LossWeights.Count(rank1);
        var whole = TokenCounts.FromArray(c0.ToArray().Zip(c1.ToArray(), (a, b) => a + b).ToArray());
        Assert.Equal(LossWeights.Count(step), whole);
        var w0 = LossWeights.Compute(rank0, normalization, whole);
        var w1 = LossWeights.Compute(rank1, normalization, whole);
        for (var i = 0; i < 2; i++)
            Assert.Equal(expected[i], w0[i].Concat(w1[i]).ToArray());
        // Weighted by its own counts instead, a share would not sum to the step's weights (the test can fail).
        if (normalization != LossNormalization.TokenSum)
            Assert.NotEqual(expected[0], LossWeights.Compute(rank0, normalization)[0].Concat(LossWeights.Compute(rank1, normalization)[0]).ToArray());
    }

    [Fact]
    public void Choice_batches_split_between_examples_and_the_objective_counts_add_up()
    {
        var rnd = new Random(8);
        var examples = Enumerable.Range(0, 30).Select(i => new ChoiceExample(
            Enumerable.Range(0, rnd.Next(2, 7)).Select(_ => rnd.Next(3, 50)).ToArray(),
            Enumerable.Range(0, rnd.Next(2, 5)).Select(_ => Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => rnd.Next(3, 50)).ToArray()).ToArray(),
            Label: i % 2, TaskIndex: i % 3)).ToList();
        var features = new FeatureConverterOptions(new FeatureLengths(8, 4), Pack: false);
        ChoiceListStream Stream() => new(new FixedChoiceSource(examples), features, seed: 4);
        var whole = Stream();
        var ranks = Enumerable.Range(0, 2).Select(r => new ShardedTrainingStream(Stream(), r, 2)).ToList();
        var objective = new TFewObjective();
        for (var step = 0; step < 4; step++)
        {
            var expected = whole.Next(6); // 6 examples, with 2 to 4 choices each
            var shares = ranks.Select(s => s.Next(3)).ToList();
            Assert.All(shares, s => Assert.Equal(3, s.ChoiceExampleCount));
            Assert.All(shares, s => Assert.Equal(0, s.ChoiceGroups![0]));
            Assert.Equal(expected.Rows, shares.Sum(s => s.Rows));
            Assert.Equal(expected.DecoderTargetTokens, shares.SelectMany(s => s.DecoderTargetTokens));
            Assert.Equal(expected.ChoiceLabels, shares.SelectMany(s => s.ChoiceLabels!));
            Assert.Equal(expected.ChoiceTokenWeights, shares.SelectMany(s => s.ChoiceTokenWeights!));
            Assert.Equal(expected.TaskIds, shares.SelectMany(s => s.TaskIds!));
            var counts = objective.Count([shares[0]]).Plus(objective.Count([shares[1]]));
            Assert.Equal(objective.Count([expected]).Values, counts.Values);
        }
    }
}
