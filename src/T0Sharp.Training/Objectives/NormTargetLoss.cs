using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Training.Objectives;

/// <summary>
/// BLOOMZ's objective (Megatron-DeepSpeed's <c>--norm-target-loss</c>, branch t0loading): cross-entropy on the target
/// tokens only, each token of a target weighted 1/len(target), summed and divided by the number of targets in the
/// step, so that every example counts equally however long its target is (a long target otherwise dominates a packed
/// sequence). A target is a packed segment (or an unpacked row); the counts are the whole step's, so gradient
/// accumulation and data parallelism give the update of one big batch. The weights do not depend on
/// <c>loss.normalization</c>: they are always sequence-mean's (LossWeights).
/// </summary>
public sealed class NormTargetLoss : ITrainingObjective
{
    const string Targets = "targets";

    public string Name => "norm_target";
    public bool NeedsChoices => false;

    /// <summary>The targets (segments with loss) of the step.</summary>
    public StepCounts Count(IReadOnlyList<TrainingBatch> step) =>
        new(new Dictionary<string, double> { [Targets] = LossWeights.Count(step).Sequences });

    public ObjectiveLoss Loss(Tensor logits, Tensor targets, Tensor tokenWeights, TrainingBatch batch, StepCounts counts)
    {
        var whole = new TokenCounts(0, (long)counts[Targets], 0, 0);
        var w = LossWeights.Compute([batch], LossNormalization.SequenceMean, whole)[0];
        var weights = tensor(w, [batch.Rows, batch.TargetLength]).to(logits.device);
        var perToken = TokenLoss.PerToken(logits, targets);
        var loss = perToken.mul(weights).sum();
        return new ObjectiveLoss(loss, perToken, new Dictionary<string, Tensor> { ["norm_target"] = loss.detach() });
    }
}
