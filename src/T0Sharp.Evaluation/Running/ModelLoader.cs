using T0Sharp.Core;
using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;
using T0Sharp.Evaluation.Scoring;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using TorchSharp;

namespace T0Sharp.Evaluation.Running;

/// <summary>A loaded checkpoint wrapped for evaluation, with why its EOS convention was chosen; disposing it frees the model.</summary>
public sealed class LoadedEvalModel(ILanguageModel languageModel, EvalModel model, string eosReason) : IDisposable
{
    public ILanguageModel LanguageModel { get; } = languageModel;
    public EvalModel Model { get; } = model;
    /// <summary>"given with --eos-convention" or the family default's reason.</summary>
    public string EosReason { get; } = eosReason;
    public void Dispose() => LanguageModel.Dispose();
}

/// <summary>Loads a Hugging Face model folder and its tokenizer for evaluation.</summary>
public static class ModelLoader
{
    /// <summary>
    /// Loads <paramref name="modelDir"/> (config.json + weights) on <paramref name="device"/> ("cpu", "cuda", "cuda:1")
    /// and the tokenizer from <paramref name="tokenizerPath"/> or, when null, from the model folder. <paramref name="eos"/>
    /// null picks the family's default (<see cref="EosConventionDefaults.ForModelFolder"/>).
    /// </summary>
    public static LoadedEvalModel Load(string modelDir, string? tokenizerPath, string device = "cpu", EosConvention? eos = null, string dtype = "float32")
    {
        if (!Directory.Exists(modelDir)) throw new DirectoryNotFoundException($"--model {modelDir}: no such folder");
        var computeDevice = ComputeSettings.ParseDevice(device);
        var computeDtype = ComputeSettings.ParseDtype(dtype);
        var tokenizer = TokenizerDiscovery.Find(tokenizerPath, [modelDir], bundledFallback: false)?.Tokenizer
            ?? throw new UserError($"--model {modelDir} has no tokenizer (tokenizer.json, spiece.model): pass the tokenizer with --tokenizer PATH (spiece.model, tokenizer.json or a folder)");
        var lm = PretrainedModel.Load(modelDir, computeDevice, computeDtype);
        if (tokenizer.VocabSize > lm.Config.VocabSize)
        {
            lm.Dispose();
            throw new UserError($"the tokenizer has {tokenizer.VocabSize} ids but the model's vocab_size is {lm.Config.VocabSize}: wrong --tokenizer for {modelDir}?");
        }
        var name = Path.GetFullPath(modelDir).TrimEnd('/');
        var choice = eos != null ? new EosConventionChoice(eos, "given explicitly") : EosConventionDefaults.ForModelFolder(lm.IsEncoderDecoder, modelDir);
        return new LoadedEvalModel(lm, Wrap(lm, tokenizer, name, eos: choice.Convention), choice.Reason);
    }

    /// <summary>
    /// Wraps an in-memory model (e.g. one just trained) for the evaluator; <paramref name="eos"/> null is the family's
    /// default; <paramref name="conditioning"/> goes with every request (an adapter's task id).
    /// </summary>
    public static EvalModel Wrap(ILanguageModel lm, ITokenizer tokenizer, string name, bool reuseInput = true, EosConvention? eos = null,
        ExampleConditioning? conditioning = null, int? maxInputTokensPerBatch = null) =>
        new(name, new ModelChoiceScorer(lm, reuseInput, conditioning, maxInputTokensPerBatch), tokenizer, lm.IsEncoderDecoder,
            new ModelTextGenerator(lm, tokenizer.EosId, conditioning), eos);
}
