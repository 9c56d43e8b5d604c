using T0Sharp.Data.Flipped;
using T0Sharp.Evaluation.Running;

namespace T0Sharp.Evaluation.Scoring;

/// <summary>
/// Flipped Learning's inference (Ye et al., "Guess the Instruction!"): for each answer choice y, the input is
/// rebuilt with y as the label and the instruction replaced by sentinels (<see cref="FlippedFormat"/>), and the
/// score is log P(instruction | input, y), summed over the instruction's tokens; the prediction is the argmax (the
/// first choice on ties). All choices of all examples go to the scorer as one request each (one input, one target),
/// so encoder-decoder models encode each (input, label) pair once.
/// </summary>
public static class FlippedScoring
{
    /// <summary>Per example, per choice, the summed instruction log-probability.</summary>
    public static IReadOnlyList<double[]> Score(EvalModel model, IReadOnlyList<FlippedExample> examples, int maxInputTokens)
    {
        if (!model.IsEncoderDecoder)
            throw new NotSupportedException("flipped scoring needs an encoder-decoder model (the instruction is generated from T5 sentinels)");
        var requests = new List<ChoiceScoringRequest>();
        foreach (var ex in examples)
        {
            var target = model.EncodeChoice(ex.Instruction);
            foreach (var input in ex.Inputs) requests.Add(new ChoiceScoringRequest(model.EncodeInput(input, maxInputTokens), [target]));
        }
        var logprobs = model.Scorer.Score(requests);
        var result = new List<double[]>(examples.Count);
        int k = 0;
        foreach (var ex in examples)
        {
            var scores = new double[ex.Inputs.Count];
            for (int j = 0; j < scores.Length; j++, k++) scores[j] = logprobs[k][0].Sum(x => (double)x);
            result.Add(scores);
        }
        return result;
    }

    /// <summary>The best choice (first on ties).</summary>
    public static int Argmax(IReadOnlyList<double> scores)
    {
        int best = 0;
        for (int i = 1; i < scores.Count; i++) if (scores[i] > scores[best] || double.IsNaN(scores[best])) best = i;
        return best;
    }
}
