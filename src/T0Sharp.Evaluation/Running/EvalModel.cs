using T0Sharp.Data.Tokenization;
using T0Sharp.Evaluation.Scoring;

namespace T0Sharp.Evaluation.Running;

/// <summary>
/// The model side of an evaluation: a choice scorer, an optional generator (needed only for templates without
/// answer choices), the tokenizer, and the architecture family, which fixes how texts become ids:
/// encoder-decoder (T5/T0/mT0): input and each choice are encoded with EOS appended (as Hugging Face tokenizers and
/// t-zero's run_eval do); decoder-only (BLOOM): no special tokens, and each choice is scored as the continuation
/// " " + choice after the input (lm-eval's target delimiter).
/// </summary>
public sealed record EvalModel(string Name, IChoiceScorer Scorer, ITokenizer Tokenizer, bool IsEncoderDecoder, ITextGenerator? Generator = null)
{
    /// <summary>Encodes a rendered input, truncated to <paramref name="maxTokens"/> (enc-dec keeps the start and the EOS; decoder-only keeps the end).</summary>
    public IReadOnlyList<int> EncodeInput(string text, int maxTokens)
    {
        var ids = Tokenizer.Encode(text, addSpecialTokens: IsEncoderDecoder);
        if (ids.Count <= maxTokens) return ids;
        if (!IsEncoderDecoder) return ids.Skip(ids.Count - maxTokens).ToArray();
        var cut = ids.Take(maxTokens - 1).ToList();
        cut.Add(Tokenizer.EosId);
        return cut;
    }

    /// <summary>Encodes an answer choice (or a reference target) as the model's target sequence.</summary>
    public IReadOnlyList<int> EncodeChoice(string choice) =>
        IsEncoderDecoder ? Tokenizer.Encode(choice, addSpecialTokens: true) : Tokenizer.Encode(" " + choice, addSpecialTokens: false);
}
