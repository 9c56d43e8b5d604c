using T0Sharp.Peft.Config;
using TorchSharp.Modules;

namespace T0Sharp.Peft;

/// <summary>
/// What one method added to a model: its trainable tensors (with their runtime names), the tensors its file holds,
/// the modules it adapts, and — where the method allows — merging into the base weights.
/// </summary>
public abstract class AppliedAdapter : IDisposable
{
    protected AppliedAdapter(PeftConfig config) => Config = config;

    public PeftConfig Config { get; }

    /// <summary>The adapter's parameters as <c>named_parameters()</c> names them (PEFT's runtime names).</summary>
    public abstract IReadOnlyList<(string Name, Parameter Parameter)> Parameters { get; }

    /// <summary>The tensors of adapter_model.safetensors, under PEFT's keys.</summary>
    public abstract IReadOnlyList<AdapterTensor> Tensors { get; }

    /// <summary>Names of the modules adapted (for <c>adapters info</c>), or the sites prefixed/prompted.</summary>
    public abstract IReadOnlyList<string> Targets { get; }

    /// <summary>Messages about how this adapter is applied (departures from the file's literal meaning), for users.</summary>
    public virtual IReadOnlyList<string> Notes => [];

    public virtual bool CanMerge => false;
    public bool Merged { get; protected set; }

    /// <summary>Folds the adapter into the base weights (LoRA, (IA)^3); the adapter then computes nothing until unmerged.</summary>
    public virtual void Merge() => throw new NotSupportedException($"{Config.PeftType} adapters cannot be merged into the base weights.");

    /// <summary>Undoes <see cref="Merge"/> (exactly for LoRA up to fp32 rounding; (IA)^3 divides by l + 1e-8 as PEFT does).</summary>
    public virtual void Unmerge() => throw new NotSupportedException($"{Config.PeftType} adapters cannot be merged into the base weights.");

    public virtual void Dispose() { }
}
