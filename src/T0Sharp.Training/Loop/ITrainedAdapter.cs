using T0Sharp.Models;
using T0Sharp.Training.Options;

namespace T0Sharp.Training.Loop;

/// <summary>
/// The adapter a run trains instead of the whole model (a PEFT adapter, task-conditioned modules): it is attached to
/// the base model, only its tensors are trainable, and checkpoints hold it alone, in its own folder layout.
/// </summary>
public interface ITrainedAdapter
{
    /// <summary>One line for the console: method, targets, trainable parameters.</summary>
    string Description { get; }

    /// <summary>Writes the adapter folder (e.g. PEFT's adapter_config.json + adapter_model.safetensors).</summary>
    void Save(string dir);

    /// <summary>Loads weights written by <see cref="Save"/> into the attached adapter, bit-exactly.</summary>
    void Load(string dir);
}

/// <summary>Builds the adapters a training config asks for (its <c>peft:</c> / <c>modular:</c> sections).</summary>
public interface IAdapterFactory
{
    /// <summary>
    /// Attaches the configured adapter to <paramref name="model"/> (freshly loaded base weights), initialised with
    /// run.seed, and freezes the base. <paramref name="taskNames"/> are the run's tasks in task-id order (mixture order),
    /// kept with the adapter so that evaluation maps task names to ids. Returns null when the config asks for none.
    /// </summary>
    ITrainedAdapter? Create(ILanguageModel model, TrainOptions options, IReadOnlyList<string> taskNames);
}
