using T0Sharp.Models;
using T0Sharp.Peft.Config;
using TorchSharp;

namespace T0Sharp.Peft;

/// <summary>
/// How an adapter's tensors start. <see cref="Initialise"/> false (loading a saved adapter) skips PEFT's
/// initialisation: every tensor is then overwritten from the file. <see cref="Generator"/> seeds every random draw,
/// in module order, so that one seed gives one adapter. <see cref="Tokenize"/> encodes prompt-tuning init text as the
/// model's tokenizer does (with its special tokens, as PEFT's <c>tokenizer(text)</c>).
/// </summary>
public sealed record InitContext(bool Initialise, torch.Generator? Generator = null, Func<string, IReadOnlyList<int>>? Tokenize = null)
{
    public static InitContext ForLoading { get; } = new(Initialise: false);
}

/// <summary>
/// The part of a method that knows models: completes a config for a model (PEFT's defaults: targets, token_dim, ...),
/// checks it against the model with errors naming the config field, and adds the method's layers or providers.
/// </summary>
public interface IPeftInjector
{
    /// <summary>The config with every model-dependent default filled in, checked against <paramref name="model"/>.</summary>
    PeftConfig Complete(PeftConfig config, ILanguageModel model, string source);

    /// <summary>Adds the method to <paramref name="model"/> (config already completed) and returns what was added.</summary>
    AppliedAdapter Inject(ILanguageModel model, PeftConfig config, InitContext init, string source);
}
