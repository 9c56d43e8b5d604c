using T0Sharp.Data.Tokenization;
using T0Sharp.Models;
using T0Sharp.Models.Checkpoints;

namespace T0Sharp.Training.Checkpoints;

/// <summary>
/// A complete Hugging Face model folder, the one writer behind every command that saves a model (training
/// checkpoints, <c>adapters merge</c>, the demo): config.json and generation_config.json as transformers writes them,
/// the weights (model.safetensors, sharded past a size), and the tokenizer with tokenizer_config.json and
/// special_tokens_map.json, so that <c>t0sharp eval</c> and transformers' from_pretrained load the folder unchanged.
/// </summary>
public static class HfCheckpointFolder
{
    /// <summary>
    /// Saves <paramref name="model"/> and, when given, <paramref name="tokenizer"/> (loaded from
    /// <paramref name="tokenizerSource"/>, a file or folder) into <paramref name="dir"/>.
    /// </summary>
    public static void Save(ILanguageModel model, string dir, ITokenizer? tokenizer, string? tokenizerSource,
        TensorDType? dtype = null, long? maxShardBytes = null)
    {
        PretrainedModel.Save(model, dir, dtype, maxShardBytes);
        if (tokenizer is not null && tokenizerSource is not null) TokenizerFiles.Save(tokenizer, tokenizerSource, dir);
    }
}
