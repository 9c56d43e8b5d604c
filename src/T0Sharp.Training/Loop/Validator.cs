using T0Sharp.Training.Data;
using static TorchSharp.torch;

namespace T0Sharp.Training.Loop;

/// <summary>Validation figures: mean token loss and rank-classification accuracy (null where there was nothing to measure).</summary>
public sealed record ValidationResult(double? Loss, double? Accuracy, IReadOnlyDictionary<string, double> TaskAccuracy);

/// <summary>
/// Runs validation with dropout off and no gradients: teacher-forced mean token loss over the loss batches, and
/// rank classification (T0's evaluation: the choice with the highest summed target log-probability wins), scored by
/// the model's <see cref="ITrainableModel.ScoreChoices"/> — for language models the same scorer as <c>t0sharp eval</c>.
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
        var scores = items.Count == 0 ? [] : model.ScoreChoices(items);
        for (var i = 0; i < items.Count; i++)
        {
            var best = Array.IndexOf(scores[i], scores[i].Max()); // ties go to the first choice, as in t0sharp eval
            var (c, t) = hits.GetValueOrDefault(items[i].Task);
            hits[items[i].Task] = (c + (best == items[i].Label ? 1 : 0), t + 1);
        }
        perTask = hits.ToDictionary(kv => kv.Key, kv => (double)kv.Value.Correct / kv.Value.Total, StringComparer.Ordinal);
        var total = hits.Values.Sum(v => v.Total);
        return total > 0 ? (double)hits.Values.Sum(v => v.Correct) / total : null;
    }
}
