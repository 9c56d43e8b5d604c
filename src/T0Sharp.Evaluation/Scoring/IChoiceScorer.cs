namespace T0Sharp.Evaluation.Scoring;

/// <summary>
/// One rank-classification item for a scorer: the tokenized input and the tokenized answer choices (each the
/// full target sequence, EOS included where the model's targets carry one). Items in one batch may have
/// different numbers of choices.
/// </summary>
public sealed record ChoiceScoringRequest(IReadOnlyList<int> InputIds, IReadOnlyList<IReadOnlyList<int>> ChoiceIds);

/// <summary>
/// Scores answer choices given an input: for every request, per choice, the log-probability of each target
/// token given the input and the preceding target tokens. Implementations decide how to batch (encoder once per
/// input, decoder prefix reuse); results must not depend on how requests are grouped into batches.
/// </summary>
public interface IChoiceScorer
{
    /// <summary>result[i][j][t] = log p(choice j of request i, token t | input i, tokens &lt; t).</summary>
    IReadOnlyList<IReadOnlyList<float[]>> Score(IReadOnlyList<ChoiceScoringRequest> requests);
}

/// <summary>Generates text from tokenized inputs (greedy when <see cref="GenerationOptions.NumBeams"/> is 1).</summary>
public interface ITextGenerator
{
    /// <summary>One generated id sequence per input (without the decoder start token and without EOS).</summary>
    IReadOnlyList<IReadOnlyList<int>> Generate(IReadOnlyList<IReadOnlyList<int>> inputIds, GenerationOptions options);
}

/// <summary>Decoding settings for generative templates.</summary>
public sealed record GenerationOptions(int MaxNewTokens = 64, int NumBeams = 1);
