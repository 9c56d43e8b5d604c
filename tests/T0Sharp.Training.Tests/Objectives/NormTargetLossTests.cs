using T0Sharp.Data.Features;
using T0Sharp.Training.Data;
using T0Sharp.Training.Objectives;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Training.Tests.Objectives;

/// <summary>BLOOMZ's norm-target loss on a packed decoder-only batch against a computation by hand in doubles.</summary>
public class NormTargetLossTests
{
    // Decoder-only, packed in rows of 10 tokens: inputs and targets in one sequence, loss on the targets only.
    static readonly FeatureConverterOptions Features = new(new FeatureLengths(6, 4), Pack: true, EosId: 1);

    static TrainingBatch Batch() => BatchConversion.From(FeatureConverters.DecoderOnly(
    [
        new TokenizedExample([5, 6], [7, 1]),          // target of 2 tokens
        new TokenizedExample([8], [9, 4, 3, 1]),       // target of 4 tokens
        new TokenizedExample([2, 3, 4], [6, 1]),       // target of 2 tokens
    ], Features, 2).Single());

    [Fact]
    public void Each_target_counts_once_whatever_its_length()
    {
        var batch = Batch();
        Assert.Equal(8, batch.DecoderLossWeights.Count(w => w > 0));       // 2 + 4 + 2 target tokens
        Assert.NotNull(batch.DecoderSegmentIds);
        const int vocab = 11;
        var rng = new Random(3);
        var values = Enumerable.Range(0, batch.Rows * batch.TargetLength * vocab).Select(_ => rng.NextDouble() * 6 - 3).ToArray();
        using var logits = tensor(values.Select(v => (float)v).ToArray(), [batch.Rows, batch.TargetLength, vocab]);
        using var targets = tensor(batch.DecoderTargetTokens.Select(t => (long)t).ToArray(), [batch.Rows, batch.TargetLength]);
        using var unused = zeros(batch.Rows, batch.TargetLength);
        var objective = ObjectiveFactory.Create(new LossSection { Objective = ObjectiveKind.NormTarget });
        Assert.IsType<NormTargetLoss>(objective);
        var counts = objective.Count([batch]);
        Assert.Equal(3, counts["targets"]);
        var result = objective.Loss(logits, targets, unused, batch, counts);

        // By hand: -log softmax per loss token, averaged within each (row, segment), then averaged over the 3 targets.
        var perTarget = new Dictionary<(int Row, int Segment), List<double>>();
        for (int r = 0; r < batch.Rows; r++)
            for (int t = 0; t < batch.TargetLength; t++)
            {
                int i = r * batch.TargetLength + t;
                if (batch.DecoderLossWeights[i] == 0) continue;
                var row = Enumerable.Range(0, vocab).Select(v => values[i * vocab + v]).ToArray();
                double max = row.Max(), lse = max + Math.Log(row.Sum(x => Math.Exp(x - max)));
                var key = (r, batch.DecoderSegmentIds![i]);
                if (!perTarget.TryGetValue(key, out var list)) perTarget[key] = list = [];
                list.Add(lse - row[batch.DecoderTargetTokens[i]]);
            }
        Assert.Equal([2, 2, 4], perTarget.Values.Select(l => l.Count).Order());
        double expected = perTarget.Values.Average(l => l.Average());
        Assert.Equal(expected, result.Loss.item<float>(), 5);

        // A token-mean loss would weigh the 4-token target twice as much: the two differ on this batch.
        double tokenMean = perTarget.Values.SelectMany(l => l).Average();
        Assert.True(Math.Abs(tokenMean - expected) > 1e-3, $"token mean {tokenMean} vs norm-target {expected}");
    }

    [Fact]
    public void A_micro_batch_is_normalised_by_the_whole_steps_targets()
    {
        var a = Batch();
        var b = BatchConversion.From(FeatureConverters.DecoderOnly([new TokenizedExample([4, 4], [5, 6, 7, 1])], Features, 1).Single());
        var objective = new NormTargetLoss();
        Assert.Equal(4, objective.Count([a, b])["targets"]);
        var rng = new Random(1);
        using var logits = tensor(Enumerable.Range(0, a.Rows * a.TargetLength * 11).Select(_ => (float)(rng.NextDouble() * 2)).ToArray(), [a.Rows, a.TargetLength, 11]);
        using var targets = tensor(a.DecoderTargetTokens.Select(t => (long)t).ToArray(), [a.Rows, a.TargetLength]);
        using var unused = zeros(a.Rows, a.TargetLength);
        float alone = objective.Loss(logits, targets, unused, a, objective.Count([a])).Loss.item<float>();
        float inStep = objective.Loss(logits, targets, unused, a, objective.Count([a, b])).Loss.item<float>();
        Assert.Equal(alone * 3 / 4, inStep, 5);      // its 3 targets' mean losses, summed, over the step's 4 targets
    }
}
