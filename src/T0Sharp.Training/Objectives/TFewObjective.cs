using T0Sharp.Models;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using static TorchSharp.torch;

namespace T0Sharp.Training.Objectives;

/// <summary>
/// T-Few's objective (Liu et al. 2022, r-three/t-few EncoderDecoder.training_step) on choice batches:
/// L = L_LM + λ_UL·L_UL + λ_LN·L_LN, where
/// <list type="bullet">
/// <item>L_LM: cross-entropy of the correct choice's tokens (token-weighted as <see cref="TokenCrossEntropy"/>);</item>
/// <item>L_UL = Σ over the wrong choices' tokens of −log(1 − p(token) + 0.01), divided by the step's number of such
/// tokens (the +0.01 is t-few's, inside the log);</item>
/// <item>L_LN = mean over the step's examples of CE(−s, label), s_c = Σ_t CE(choice c, t) / len_c^length_norm, where
/// len_c counts the choice's tokens including EOS.</item>
/// </list>
/// Departure from t-few, on purpose: t-few's unlikelihood sum also runs over masked positions (the correct choice and
/// padding, set to log-prob −100), adding −log(1.01) per masked position to the reported loss value; that constant has
/// no gradient and depends on padding, so it is left out here (gradients are identical).
/// </summary>
public sealed class TFewObjective(double unlikelihoodWeight = 1.0, double lengthNormWeight = 1.0, double lengthNorm = 1.0) : ITrainingObjective
{
    public const string WrongChoiceTokens = "wrong_choice_tokens";
    public const string Examples = "examples";

    public string Name => "t_few";
    public bool NeedsChoices => true;

    public StepCounts Count(IReadOnlyList<TrainingBatch> step)
    {
        double wrong = 0, examples = 0;
        foreach (var b in step)
        {
            Require(b);
            for (var r = 0; r < b.Rows; r++)
                if (b.ChoiceLabels![r] == 0)
                    for (var t = 0; t < b.TargetLength; t++) wrong += b.ChoiceTokenWeights![r * b.TargetLength + t];
            examples += b.ChoiceExampleCount;
        }
        return new StepCounts(new Dictionary<string, double> { [WrongChoiceTokens] = wrong, [Examples] = examples });
    }

    public ObjectiveLoss Loss(Tensor logits, Tensor targets, Tensor tokenWeights, TrainingBatch b, StepCounts counts)
    {
        Require(b);
        var device = logits.device;
        var shape = new long[] { b.Rows, b.TargetLength };
        var perToken = TokenLoss.PerToken(logits, targets); // (R, T) = −log p
        var lm = perToken.mul(tokenWeights).sum();
        var choiceTokens = tensor(b.ChoiceTokenWeights!.Select(x => (float)x).ToArray(), shape, device: device);
        var wrongRows = tensor(b.ChoiceLabels!.Select(l => l == 0 ? 1f : 0f).ToArray(), [b.Rows, 1], device: device);

        // unlikelihood: −log(1 − exp(log p) + 0.01) on the wrong choices' tokens
        var ulTokens = perToken.neg().exp().neg().Plus(1.01).log().neg();
        var wrongCount = counts[WrongChoiceTokens];
        var ul = wrongCount > 0 ? ulTokens.mul(choiceTokens).mul(wrongRows).sum().Over(wrongCount) : zeros(1, device: device).squeeze();

        // length-normalised rank loss: CE(−s, label) per example
        var lengths = choiceTokens.sum(1); // (R,)
        var scores = perToken.mul(choiceTokens).sum(1).div(lengths.Power(lengthNorm)); // (R,)
        var ln = zeros(1, device: device).squeeze();
        foreach (var (start, count, label) in Groups(b))
        {
            var neg = scores.narrow(0, start, count).neg();
            ln = ln.Plus(neg.log_softmax(0)[label].neg());
        }
        ln = ln.Over(Math.Max(1.0, counts[Examples]));

        var loss = lm.Plus(ul.Times(unlikelihoodWeight)).Plus(ln.Times(lengthNormWeight));
        return new ObjectiveLoss(loss, perToken, new Dictionary<string, Tensor>
        {
            ["lm"] = lm.detach(),
            ["unlikelihood"] = ul.detach(),
            ["length_norm"] = ln.detach(),
        });
    }

    /// <summary>Each example's rows: (first row, number of choices, index of the correct one). Rows of an example are contiguous.</summary>
    static IEnumerable<(int Start, int Count, int Label)> Groups(TrainingBatch b)
    {
        var g = b.ChoiceGroups!;
        for (int start = 0; start < b.Rows;)
        {
            int end = start;
            while (end < b.Rows && g[end] == g[start]) end++;
            var label = Array.IndexOf(b.ChoiceLabels!, 1, start, end - start) - start;
            if (label < 0) throw new ArgumentException($"choice group {g[start]} has no correct choice");
            yield return (start, end - start, label);
            start = end;
        }
    }

    static void Require(TrainingBatch b)
    {
        if (!b.HasChoices)
            throw new InvalidOperationException("the t_few objective needs choice batches (every answer choice of each example); " +
                "train on examples with answer_choices (promptsource templates with answer_choices, or JSONL with \"answer_choices\")");
    }
}
