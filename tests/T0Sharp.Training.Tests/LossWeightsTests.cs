using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using Xunit;

namespace T0Sharp.Training.Tests;

public class LossWeightsTests
{
    // Two micro-batches. Batch A (2 rows × 4, packed): row 0 has segment 1 (3 tokens) and segment 2 (1 token);
    // row 1 has segment 1 (2 tokens) then padding. Batch B (1 row × 4, unpacked): 4 tokens.
    static readonly TrainingBatch A = new(2, 4, 4, new int[8], null, null, new int[8], new int[8],
        [1, 1, 1, 1, 1, 1, 0, 0], [1, 1, 1, 2, 1, 1, 0, 0], null);
    static readonly TrainingBatch B = new(1, 4, 4, new int[4], null, null, new int[4], new int[4], [1, 1, 1, 1], null, null);

    [Fact]
    public void Token_mean_divides_by_all_loss_tokens_of_the_step()
    {
        var w = LossWeights.Compute([A, B], LossNormalization.TokenMean);
        Assert.Equal(new[] { 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0f, 0f }, w[0]);
        Assert.Equal(new[] { 0.1f, 0.1f, 0.1f, 0.1f }, w[1]);
    }

    [Fact]
    public void Token_sum_keeps_the_raw_weights()
    {
        var w = LossWeights.Compute([A, B], LossNormalization.TokenSum);
        Assert.Equal(new[] { 1f, 1f, 1f, 1f, 1f, 1f, 0f, 0f }, w[0]);
    }

    [Fact]
    public void Sequence_mean_weights_each_packed_segment_equally()
    {
        // 4 sequences in the step: lengths 3, 1, 2 (packed) and 4 (unpacked row).
        var w = LossWeights.Compute([A, B], LossNormalization.SequenceMean);
        Assert.Equal(new[] { 1f / 12, 1f / 12, 1f / 12, 1f / 4, 1f / 8, 1f / 8, 0f, 0f }, w[0]);
        Assert.Equal(new[] { 1f / 16, 1f / 16, 1f / 16, 1f / 16 }, w[1]);
        Assert.Equal(1.0, w.SelectMany(x => x).Sum(x => (double)x), 6); // each sequence sums to 1/4
    }
}
