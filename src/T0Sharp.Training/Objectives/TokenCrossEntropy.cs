using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using static TorchSharp.torch;

namespace T0Sharp.Training.Objectives;

/// <summary>
/// T0's objective: cross-entropy of the targets, each token weighted by the step's loss normalisation
/// (token mean, token sum or sequence mean; see LossWeights). On choice batches only the correct choice's tokens
/// carry weight, so this is the LM term of T-Few as well.
/// </summary>
public sealed class TokenCrossEntropy : ITrainingObjective
{
    public string Name => "lm";
    public bool NeedsChoices => false;

    public StepCounts Count(IReadOnlyList<TrainingBatch> step) => StepCounts.Empty;

    public ObjectiveLoss Loss(Tensor logits, Tensor targets, Tensor tokenWeights, TrainingBatch batch, StepCounts counts)
    {
        var perToken = TokenLoss.PerToken(logits, targets);
        var loss = perToken.mul(tokenWeights).sum();
        return new ObjectiveLoss(loss, perToken, new Dictionary<string, Tensor> { ["lm"] = loss.detach() });
    }
}
