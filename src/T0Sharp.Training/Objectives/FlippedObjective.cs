using T0Sharp.Models;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using static TorchSharp.torch;

namespace T0Sharp.Training.Objectives;

/// <summary>
/// Flipped Learning's objective (Ye et al. 2022, "Guess the Instruction!") on flipped choice batches (the data layer's
/// FlippedFeatureConverter.ToChoiceExample: one row per label, row c's encoder holds the input with label c, every
/// row's target is the instruction I):
/// <code>
/// L = L_LM + λ · L_UL
/// L_LM = −Σ_t log P(I_t | x, y, I_&lt;t)                     (y: the correct label)
/// L_UL = −Σ_{y' ≠ y} Σ_t log(1 − P(I_t | x, y', I_&lt;t))    (every wrong label)
/// </code>
/// Both sums are per example; over a step each instruction token carries the weight the run's loss.normalization
/// gives it in the LM term (token_mean: 1 / the step's number of correct-label instruction tokens), in both terms,
/// so the step loss is the normalised batch sum of the paper's per-example L whatever the accumulation split (the
/// wrong rows' tokens take the weight of the same token on the correct row; all rows of an example share the target).
/// 1 − p is computed as −expm1(log p) and floored at <see cref="MinOneMinusP"/> so that a wrong label whose
/// instruction token is certain gives a finite loss (T-Few adds 0.01 inside the log instead; the paper writes none).
/// </summary>
public sealed class FlippedObjective(double unlikelihoodWeight = FlippedObjective.DefaultUnlikelihoodWeight) : ITrainingObjective
{
    /// <summary>λ: 3, the paper's value as the project's methods survey records it (unverified against the paper's text; docs/instruction-data.md).</summary>
    public const double DefaultUnlikelihoodWeight = 3.0;

    /// <summary>Floor of 1 − p in the unlikelihood term (its largest per-token value is −log of it, 13.8).</summary>
    public const double MinOneMinusP = 1e-6;

    public string Name => "flipped";
    public bool NeedsChoices => true;
    public double UnlikelihoodWeight => unlikelihoodWeight;

    public StepCounts Count(IReadOnlyList<TrainingBatch> step)
    {
        foreach (var b in step) Require(b);
        return StepCounts.Empty;
    }

    public ObjectiveLoss Loss(Tensor logits, Tensor targets, Tensor tokenWeights, TrainingBatch b, StepCounts counts)
    {
        Require(b);
        var device = logits.device;
        var perToken = TokenLoss.PerToken(logits, targets); // (R, T) = −log p
        var lm = perToken.mul(tokenWeights).sum();

        // each row's correct row: wrong rows weigh their tokens as the correct row weighs the same positions
        var positive = tensor(PositiveRows(b), device: device);
        var wrongRows = tensor(b.ChoiceLabels!.Select(l => l == 0 ? 1f : 0f).ToArray(), [b.Rows, 1], device: device);
        var choiceTokens = tensor(b.ChoiceTokenWeights!.Select(x => (float)x).ToArray(), [b.Rows, b.TargetLength], device: device);
        var ulWeights = tokenWeights.index_select(0, positive).mul(wrongRows).mul(choiceTokens);

        // −log(1 − p), 1 − p = −expm1(log p)
        var oneMinusP = perToken.neg().expm1().neg().AtLeast(MinOneMinusP);
        var ul = oneMinusP.log().neg().mul(ulWeights).sum();

        var loss = lm.Plus(ul.Times(unlikelihoodWeight));
        return new ObjectiveLoss(loss, perToken, new Dictionary<string, Tensor>
        {
            ["lm"] = lm.detach(),
            ["unlikelihood"] = ul.detach(),
        });
    }

    /// <summary>For each row, the row of its example's correct label (rows of an example are contiguous).</summary>
    static long[] PositiveRows(TrainingBatch b)
    {
        var g = b.ChoiceGroups!;
        var result = new long[b.Rows];
        for (int start = 0; start < b.Rows;)
        {
            int end = start;
            while (end < b.Rows && g[end] == g[start]) end++;
            var label = Array.IndexOf(b.ChoiceLabels!, 1, start, end - start);
            if (label < 0) throw new ArgumentException($"flipped example {g[start]} has no correct label");
            for (var r = start; r < end; r++) result[r] = label;
            start = end;
        }
        return result;
    }

    static void Require(TrainingBatch b)
    {
        if (!b.HasChoices)
            throw new InvalidOperationException("the flipped objective needs flipped choice batches (one row per label of each example); " +
                "train on a mixture (data.mixture) whose templates have answer_choices");
    }
}
