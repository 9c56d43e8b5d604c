using T0Sharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Contract;

/// <summary>
/// A task-conditioned method attached to a model: it turns each row's conditioning (task id, instruction, language)
/// into the soft prompts (<see cref="Models.Adaptation.IPromptProvider"/>), attention prefixes
/// (<see cref="Models.Adaptation.IPrefixProvider"/>) or module adapters (<see cref="Models.Adaptation.IModuleAdapter"/>)
/// the adapted model consumes, per example within one batch. Every tensor it trains or saves lives in
/// <see cref="Module"/>, which the method registered on the model (<c>ModelAdaptation.RegisterModule("modular", ...)</c>),
/// so that <c>AdaptationPoints</c> tells them from base tensors and the saved state dict is <see cref="Module"/>'s.
/// Tensors that must not train (loaded source prompts, say) are registered as parameters with requires_grad false
/// or as buffers; <see cref="ModularModel"/> saves every parameter and buffer of <see cref="Module"/>.
/// </summary>
public interface IModularMethod
{
    /// <summary>The registry name ("attempt", "spt", "hyperprompt", ...), saved as modular_config.json's "method".</summary>
    string Name { get; }

    /// <summary>What each example must carry for this method (saved as "conditions_on"; inference supplies it).</summary>
    ConditioningKinds ConditionsOn { get; }

    /// <summary>The module holding the method's tensors, registered on the model under <see cref="ModularModel.ModuleName"/>.</summary>
    nn.Module Module { get; }

    /// <summary>One line for the console and <c>adapters info</c>: sizes and where the method acts.</summary>
    string Description { get; }
}

/// <summary>
/// What a method is built from: the model to attach to, the training tasks (ids, instructions), the seed and whether
/// to initialise (false when weights will be loaded from a folder), a tokenizer for text-initialised tensors, and the
/// folder relative paths in the settings resolve against.
/// </summary>
public sealed record ModularContext(ILanguageModel Model, TaskTable Tasks, long Seed, bool Initialise = true,
    Func<string, IReadOnlyList<int>>? Tokenize = null, string? BaseDir = null)
{
    /// <summary>A generator seeded with <see cref="Seed"/> (CPU), for initialisation draws.</summary>
    public torch.Generator NewGenerator() => new((ulong)Seed);

    /// <summary>A path from the settings, relative to <see cref="BaseDir"/> when not rooted.</summary>
    public string Resolve(string path) => Path.IsPathRooted(path) || BaseDir is null ? path : Path.GetFullPath(Path.Combine(BaseDir, path));
}

/// <summary>Builds one method from its settings; registered by name in a <see cref="ModularRegistry"/>.</summary>
public interface IModularMethodFactory
{
    /// <summary>The method's name in configs (<c>modular.method</c>) and folders.</summary>
    string Name { get; }

    /// <summary>One line for listings: the paper and what the method conditions on.</summary>
    string Summary { get; }

    /// <summary>
    /// Reads the settings (every key through <paramref name="settings"/>, so unknown keys are caught), attaches the
    /// method to <paramref name="context"/>'s model and returns it. Errors are <see cref="InvalidDataException"/>s naming
    /// the setting (<see cref="ModularSettings.Error"/>).
    /// </summary>
    IModularMethod Create(ModularContext context, ModularSettings settings);
}
