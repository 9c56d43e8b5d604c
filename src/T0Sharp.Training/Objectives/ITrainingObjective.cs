using T0Sharp.Training.Data;
using static TorchSharp.torch;

namespace T0Sharp.Training.Objectives;

/// <summary>
/// Counts over one optimizer step's micro-batches that normalise an objective's terms (examples, wrong-choice
/// tokens...), so that gradient accumulation and data parallelism give the update of one big batch: data-parallel
/// training sums them over ranks before any micro-batch's loss is computed.
/// </summary>
public sealed record StepCounts(IReadOnlyDictionary<string, double> Values)
{
    public static StepCounts Empty { get; } = new(new Dictionary<string, double>());

    public double this[string name] => Values.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"step count '{name}' was not counted");

    /// <summary>Element-wise sum (the same names on both sides).</summary>
    public StepCounts Plus(StepCounts other) =>
        new(Values.Keys.Union(other.Values.Keys).ToDictionary(k => k, k => Values.GetValueOrDefault(k) + other.Values.GetValueOrDefault(k)));
}

/// <summary>One micro-batch's share of the step objective.</summary>
/// <param name="Loss">Scalar to backward; summed over the step's micro-batches it is the step loss.</param>
/// <param name="PerToken">Token cross-entropy (Rows, T), float32, for metrics.</param>
/// <param name="Terms">Detached scalar contributions of each named term (e.g. lm, unlikelihood, length_norm), for metrics.</param>
public sealed record ObjectiveLoss(Tensor Loss, Tensor PerToken, IReadOnlyDictionary<string, Tensor> Terms);

/// <summary>
/// A training objective: how teacher-forced logits and a batch become the loss. The language-modelling loss on the
/// targets (<see cref="TokenCrossEntropy"/>) is T0's; <see cref="TFewObjective"/> adds T-Few's unlikelihood and
/// length-normalised terms over every answer choice; later objectives (Flipped Learning) plug in the same way.
/// </summary>
public interface ITrainingObjective
{
    /// <summary>Name as written in training configs (loss.objective).</summary>
    string Name { get; }

    /// <summary>True when batches must be choice batches (every answer choice of each example, see TrainingBatch.HasChoices).</summary>
    bool NeedsChoices { get; }

    /// <summary>The normalising counts of a step (local to this process; the trainer sums them across ranks).</summary>
    StepCounts Count(IReadOnlyList<TrainingBatch> step);

    /// <summary>
    /// The micro-batch's loss from <paramref name="logits"/> (Rows, T, V), int64 <paramref name="targets"/> (Rows, T)
    /// and the step-normalised language-modelling token weights <paramref name="tokenWeights"/> (Rows, T, see LossWeights).
    /// </summary>
    ObjectiveLoss Loss(Tensor logits, Tensor targets, Tensor tokenWeights, TrainingBatch batch, StepCounts counts);
}
