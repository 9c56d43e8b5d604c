using T0Sharp.Data.Features;

namespace T0Sharp.Data.Pretraining;

/// <summary>
/// Causal language modelling for decoder-only models (BLOOM's pretraining; T5's <c>full_lm</c>): documents are joined
/// with EOS after each, cut into chunks, and the model predicts every token of a chunk from the ones before it.
/// A chunk is data.input_length + data.target_length tokens (a decoder-only row) and, as in Hugging Face's causal-LM
/// loss, each of its tokens after the first is predicted from the ones before it (with a BOS token fed first, the
/// first token is read after BOS but not scored either). The example is (first token, the rest): the decoder-only
/// feature converter then puts loss on every prediction.
/// </summary>
public sealed class CausalLm : IPretrainingObjective
{
    public string Description => "causal LM";

    public bool EosBetweenDocuments => true;

    public int ChunkLength(FeatureLengths lengths) => lengths.Inputs + lengths.Targets;

    /// <summary>One input position for the first token, the rest of the row for the others.</summary>
    public FeatureLengths ConverterLengths(FeatureLengths lengths) => new(1, lengths.Inputs + lengths.Targets - 1);

    public TokenizedExample Apply(int[] chunk, Random rng) => new(chunk[..1], chunk[1..]);
}
