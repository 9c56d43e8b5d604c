using T0Sharp.Data.Tokenization;
using T0Sharp.Evaluation.Scoring;
using T0Sharp.Models;
using TorchSharp;

namespace T0Sharp.Evaluation.Running;

/// <summary>A loaded checkpoint wrapped for evaluation; disposing it frees the model.</summary>
public sealed class LoadedEvalModel(ILanguageModel languageModel, EvalModel model) : IDisposable
{
    public ILanguageModel LanguageModel { get; } = languageModel;
    public EvalModel Model { get; } = model;
    public void Dispose() => LanguageModel.Dispose();
}

/// <summary>Loads a Hugging Face model folder and its tokenizer for evaluation.</summary>
public static class ModelLoader
{
    /// <summary>
    /// Loads <paramref name="modelDir"/> (config.json + weights) on <paramref name="device"/> ("cpu", "cuda", "cuda:1")
    /// and the tokenizer from <paramref name="tokenizerPath"/> or, when null, from the model folder.
    /// </summary>
    public static LoadedEvalModel Load(string modelDir, string? tokenizerPath, string device = "cpu")
    {
        if (!Directory.Exists(modelDir)) throw new DirectoryNotFoundException($"model folder '{modelDir}' does not exist");
        ITokenizer tokenizer;
        try { tokenizer = TokenizerLoader.Load(tokenizerPath ?? modelDir); }
        catch (FileNotFoundException e) when (tokenizerPath == null)
        {
            throw new FileNotFoundException($"{e.Message}: pass the tokenizer with --tokenizer PATH (spiece.model, tokenizer.json or a folder)", e);
        }
        var lm = PretrainedModel.Load(modelDir, torch.device(device));
        if (tokenizer.VocabSize > lm.Config.VocabSize)
        {
            lm.Dispose();
            throw new InvalidDataException($"the tokenizer has {tokenizer.VocabSize} ids but the model's vocab_size is {lm.Config.VocabSize}: wrong --tokenizer for {modelDir}?");
        }
        var name = Path.GetFullPath(modelDir).TrimEnd('/');
        return new LoadedEvalModel(lm, Wrap(lm, tokenizer, name));
    }

    /// <summary>Wraps an in-memory model (e.g. one just trained) for the evaluator.</summary>
    public static EvalModel Wrap(ILanguageModel lm, ITokenizer tokenizer, string name, bool reuseInput = true) =>
        new(name, new ModelChoiceScorer(lm, reuseInput), tokenizer, lm.IsEncoderDecoder, new ModelTextGenerator(lm, tokenizer.EosId));
}
