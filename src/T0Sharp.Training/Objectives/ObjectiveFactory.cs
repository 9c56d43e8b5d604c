using T0Sharp.Training.Options;

namespace T0Sharp.Training.Objectives;

/// <summary>The objective a training config asks for (loss.objective and its weights).</summary>
public static class ObjectiveFactory
{
    public static ITrainingObjective Create(LossSection loss) => loss.Objective switch
    {
        ObjectiveKind.Lm => new TokenCrossEntropy(),
        ObjectiveKind.TFew => new TFewObjective(loss.UnlikelihoodWeight ?? 1.0, loss.LengthNormWeight, loss.LengthNorm),
        ObjectiveKind.Flipped => new FlippedObjective(loss.UnlikelihoodWeight ?? FlippedObjective.DefaultUnlikelihoodWeight),
        ObjectiveKind.NormTarget => new NormTargetLoss(),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss.Objective, null),
    };
}
