using System.Diagnostics;
using T0Sharp.Data.Features;
using T0Sharp.Models;

using T0Sharp.Models.T5;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Benchmarks;

/// <summary>Times one t5-small training step (forward, loss on decoder targets, backward, AdamW) on packed batches.</summary>
internal static class ModelStepProbe
{
    /// <summary>Fastest seconds per step over the given batches, after one warm-up step on the first (the minimum is the least disturbed by other load).</summary>
    public static double T5SmallStep(IReadOnlyList<EncDecBatch> batches, TextWriter output)
    {
        random.manual_seed(0);
        using var model = new T5ForConditionalGeneration(T5Config.Small);
        model.train();
        var optimizer = optim.AdamW(model.parameters(), 1e-4);
        Step(model, optimizer, batches[0]);
        var times = new List<double>();
        foreach (var b in batches)
        {
            var sw = Stopwatch.StartNew();
            Step(model, optimizer, b);
            times.Add(sw.Elapsed.TotalSeconds);
        }
        return times.Min();
    }

    static void Step(T5ForConditionalGeneration model, optim.Optimizer optimizer, EncDecBatch b)
    {
        using var scope = NewDisposeScope();
        Tensor T(int[] a, int len) => tensor(a.Select(x => (long)x).ToArray(), [b.Rows, len]);
        var batch = new ModelBatch(T(b.EncoderInputTokens, b.InputLength), T(b.DecoderInputTokens, b.TargetLength),
            T(b.EncoderSegmentIds, b.InputLength), T(b.DecoderSegmentIds, b.TargetLength),
            T(b.EncoderPositions, b.InputLength), T(b.DecoderPositions, b.TargetLength));
        var logits = model.forward(batch);                                           // (B, T, V)
        var targets = T(b.DecoderTargetTokens, b.TargetLength).view(-1);
        var weights = T(b.DecoderLossWeights, b.TargetLength).view(-1).to_type(ScalarType.Float32);
        var losses = nn.functional.cross_entropy(logits.view(-1, logits.shape[2]), targets, reduction: nn.Reduction.None);
        var loss = (losses * weights).sum() / weights.sum();
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
    }
}
