using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;
using T0Sharp.Evaluation.Scoring;

namespace T0Sharp.Evaluation.Running;

/// <summary>
/// The model side of an evaluation: a choice scorer, an optional generator (needed only for templates without
/// answer choices), the tokenizer, the architecture family and the <see cref="EosConvention"/>, which together fix
/// how texts become ids. Encoder-decoder (T5/T0/mT0): the input and each choice are encoded as the convention says
/// (t-zero's, the default: input without EOS, choices with EOS, as t-zero's <c>run_eval.py</c> does). Decoder-only
/// (BLOOM): each choice is scored as the continuation " " + choice after the input (lm-eval's target delimiter),
/// with EOS where the convention puts it (lm-eval's, the default: none).
/// </summary>
/// <param name="Eos">The convention; null is the family's default (<see cref="EosConventionDefaults.ForModel"/> without a name).</param>
public sealed record EvalModel(string Name, IChoiceScorer Scorer, ITokenizer Tokenizer, bool IsEncoderDecoder, ITextGenerator? Generator = null,
    EosConvention? Eos = null)
{
    /// <summary>
    /// Per-prompt conditioning for task-conditioned adapters (a modular method's task id and instruction per (task,
    /// template)); null: every request carries the scorer's own conditioning.
    /// </summary>
    public IPromptConditioning? PromptConditioning { get; init; }

    /// <summary>The convention in effect.</summary>
    public EosConvention Convention => Eos ?? EosConventionDefaults.ForModel(IsEncoderDecoder).Convention;

    /// <summary>
    /// Encodes a rendered input, truncated to <paramref name="maxTokens"/>: encoder-decoder keeps the start, and an EOS
    /// the convention put at the end stays there (Hugging Face truncation; none is added to an input that had none);
    /// decoder-only keeps the end.
    /// </summary>
    public IReadOnlyList<int> EncodeInput(string text, int maxTokens)
    {
        var ids = Convention.EncodeInput(Tokenizer, text);
        if (ids.Length <= maxTokens) return ids;
        return IsEncoderDecoder ? Truncation.Apply(ids, maxTokens, Tokenizer.EosId) : ids[^maxTokens..];
    }

    /// <summary>Encodes an answer choice (or a reference target) as the model's target sequence.</summary>
    public IReadOnlyList<int> EncodeChoice(string choice) =>
        Convention.EncodeTarget(Tokenizer, IsEncoderDecoder ? choice : " " + choice);
}
