using T0Sharp.Training.Data;
using static TorchSharp.torch;

namespace T0Sharp.Training.Loop;

/// <summary>Validation figures: mean token loss and rank-classification accuracy (null where there was nothing to measure).</summary>
public sealed record ValidationResult(double? Loss, double? Accuracy, IReadOnlyDictionary<string, double> TaskAccuracy);

/// <summary>
/// Runs validation with dropout off and no gradients: teacher-forced mean token loss over the loss batches, and
/// rank classification (T0's evaluation: the choice with the highest summed target log-probability wins).
/// The model is put back in training mode afterwards.
/// </summary>
public sealed class Validator(ITrainableModel model)
{
    public ValidationResult Run(ValidationSet set)
    {
        var module = model.Module;
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var _ = no_grad();
            return new ValidationResult(Loss(set.LossBatches), Accuracy(set.RankItems, out var perTask), perTask);
        }
        finally
        {
            if (wasTraining) module.train();
        }
    }

    double? Loss(IReadOnlyList<TrainingBatch> batches)
    {
        if (batches.Count == 0) return null;
        double sum = 0, count = 0;
        foreach (var b in batches)
        {
            using var scope = NewDisposeScope();
            var shape = new long[] { b.Rows, b.TargetLength };
            var targets = tensor(b.DecoderTargetTokens.Select(t => (long)t).ToArray(), shape, device: model.Device);
            var lw = tensor(b.DecoderLossWeights.Select(x => (float)x).ToArray(), shape, device: model.Device);
            sum += TokenLoss.PerToken(model.Logits(b), targets).mul(lw).sum().to(ScalarType.Float64).item<double>();
            count += b.DecoderLossWeights.Sum(w => (double)w);
        }
        return count > 0 ? sum / count : null;
    }

    double? Accuracy(IReadOnlyList<RankItem> items, out IReadOnlyDictionary<string, double> perTask)
    {
        var hits = new Dictionary<string, (int Correct, int Total)>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var scores = Score(item);
            var best = Array.IndexOf(scores, scores.Max());
            var (c, t) = hits.GetValueOrDefault(item.Task);
            hits[item.Task] = (c + (best == item.Label ? 1 : 0), t + 1);
        }
        perTask = hits.ToDictionary(kv => kv.Key, kv => (double)kv.Value.Correct / kv.Value.Total, StringComparer.Ordinal);
        var total = hits.Values.Sum(v => v.Total);
        return total > 0 ? (double)hits.Values.Sum(v => v.Correct) / total : null;
    }

    /// <summary>Summed log-probability of each choice given the input.</summary>
    public double[] Score(RankItem item)
    {
        using var scope = NewDisposeScope();
        var batch = RankBatch(item, model.IsEncoderDecoder);
        var shape = new long[] { batch.Rows, batch.TargetLength };
        var targets = tensor(batch.DecoderTargetTokens.Select(t => (long)t).ToArray(), shape, device: model.Device);
        var w = tensor(batch.DecoderLossWeights.Select(x => (float)x).ToArray(), shape, device: model.Device);
        var nll = TokenLoss.PerToken(model.Logits(batch), targets).mul(w).sum(1).to(ScalarType.Float64).cpu();
        return nll.data<double>().Select(x => -x).ToArray();
    }

    /// <summary>
    /// One row per choice. Encoder-decoder: the input in the encoder, decoder inputs = choice shifted right
    /// (start id 0). Decoder-only: input + choice as one sequence with Hugging Face's causal shift (position t
    /// predicts token t+1), loss only where the predicted token belongs to the choice.
    /// </summary>
    public static TrainingBatch RankBatch(RankItem item, bool encoderDecoder)
    {
        var rows = item.Choices.Length;
        if (rows == 0) throw new ArgumentException($"rank item of task '{item.Task}' has no choices");
        if (encoderDecoder)
        {
            var len = Math.Max(1, item.Choices.Max(c => c.Length));
            var inputs = new int[rows * len];
            var targets = new int[rows * len];
            var weights = new int[rows * len];
            for (var r = 0; r < rows; r++)
                for (var t = 0; t < item.Choices[r].Length; t++)
                {
                    targets[r * len + t] = item.Choices[r][t];
                    if (t + 1 < len) inputs[r * len + t + 1] = item.Choices[r][t];
                    weights[r * len + t] = 1;
                }
            var inLen = Math.Max(1, item.InputIds.Length);
            var enc = new int[rows * inLen];
            for (var r = 0; r < rows; r++) item.InputIds.CopyTo(enc, r * inLen);
            return new TrainingBatch(rows, inLen, len, enc, null, null, inputs, targets, weights, null, null);
        }
        var seqs = item.Choices.Select(c => item.InputIds.Concat(c).ToArray()).ToArray();
        var n = Math.Max(1, seqs.Max(s => s.Length) - 1);
        var lead = item.InputIds.Length;
        var ins = new int[rows * n];
        var tgs = new int[rows * n];
        var ws = new int[rows * n];
        for (var r = 0; r < rows; r++)
            for (var t = 0; t + 1 < seqs[r].Length; t++)
            {
                ins[r * n + t] = seqs[r][t];
                tgs[r * n + t] = seqs[r][t + 1];
                ws[r * n + t] = t + 1 >= lead ? 1 : 0;
            }
        return new TrainingBatch(rows, 0, n, null, null, null, ins, tgs, ws, null, null);
    }
}
