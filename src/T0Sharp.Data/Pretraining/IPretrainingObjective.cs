using T0Sharp.Data.Features;

namespace T0Sharp.Data.Pretraining;

/// <summary>
/// A pretraining objective as a data preprocessor: a chunk of raw-text tokens becomes one task example (inputs,
/// targets) that the ordinary feature converters turn into model features. Implementations are immutable; all
/// randomness comes from the <see cref="Random"/> passed to <see cref="Apply"/>, so an example is a pure function of
/// (chunk, seed).
/// </summary>
public interface IPretrainingObjective
{
    /// <summary>A short description for run logs, e.g. "span corruption (density 0.15, mean span 3)".</summary>
    string Description { get; }

    /// <summary>
    /// The raw chunk length (tokens) whose examples fit <paramref name="lengths"/> without truncation.
    /// </summary>
    /// <exception cref="PretrainingLengthException">no chunk fits; the message says which length to raise.</exception>
    int ChunkLength(FeatureLengths lengths);

    /// <summary>The lengths the feature converter should use (most objectives: the run's own).</summary>
    FeatureLengths ConverterLengths(FeatureLengths lengths) => lengths;

    /// <summary>True when documents are joined with EOS before chunking (causal LM); false: plain concatenation (T5).</summary>
    bool EosBetweenDocuments => false;

    /// <summary>The example of one chunk (at least 2 tokens).</summary>
    TokenizedExample Apply(int[] chunk, Random rng);
}

/// <summary>The configured lengths leave no room for the objective's examples; the message names the setting to change.</summary>
public sealed class PretrainingLengthException(string message) : Exception(message);

/// <summary>The token ids pretraining objectives write: EOS after inputs and targets, and the first sentinel.</summary>
/// <param name="Eos">End-of-sequence id (T5: 1), appended to inputs and targets as seqio's features with add_eos do.</param>
/// <param name="FirstSentinel">&lt;extra_id_0&gt;: the vocabulary's last id, as seqio's <c>sentinel_id</c> (T5: 32099).</param>
public sealed record PretrainingTokens(int Eos, int FirstSentinel)
{
    /// <summary>The tokenizer's EOS, and vocab size − 1 as the first sentinel.</summary>
    public static PretrainingTokens Of(Tokenization.ITokenizer tokenizer) => new(tokenizer.EosId, tokenizer.VocabSize - 1);
}
