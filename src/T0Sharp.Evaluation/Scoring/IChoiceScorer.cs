namespace T0Sharp.Evaluation.Scoring;

/// <summary>
/// One rank-classification item for a scorer: the tokenized input and the tokenized answer choices (each the
/// full target sequence, EOS included where the model's targets carry one). Items in one batch may have
/// different numbers of choices. <paramref name="Conditioning"/> is what a task-conditioned adapter reads for this item
/// (its prompt's task id and instruction, <see cref="Running.IPromptConditioning"/>); null: the scorer's own.
/// </summary>
public sealed record ChoiceScoringRequest(IReadOnlyList<int> InputIds, IReadOnlyList<IReadOnlyList<int>> ChoiceIds,
    T0Sharp.Models.Adaptation.ExampleConditioning? Conditioning = null);

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

    /// <summary>The same with each input's conditioning for task-conditioned adapters (null entries: the generator's own).</summary>
    IReadOnlyList<IReadOnlyList<int>> Generate(IReadOnlyList<IReadOnlyList<int>> inputIds, GenerationOptions options,
        IReadOnlyList<T0Sharp.Models.Adaptation.ExampleConditioning?> conditioning) => Generate(inputIds, options);
}

/// <summary>Decoding settings for generative templates.</summary>
public sealed record GenerationOptions(int MaxNewTokens = 64, int NumBeams = 1);
