using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Peft.Checkpoints;
using T0Sharp.Peft.Config;
using T0Sharp.Peft.Methods.Poly;
using TorchSharp.Modules;

namespace T0Sharp.Peft;

/// <summary>
/// An adapted model: the <see cref="ILanguageModel"/> (which now computes with the adapter: score, generate and train
/// it as any model), its completed <see cref="PeftConfig"/>, what the method added, PEFT's modules_to_save, and the
/// Poly task names. Saves and loads PEFT adapter folders (<see cref="Save"/>, <see cref="PeftSetup.LoadAdapter"/>),
/// merges LoRA and (IA)^3 into the base weights, disables the adapter (PEFT's disable_adapter). The model stays the
/// caller's: disposing this releases only the adapter's own bookkeeping (modules_to_save originals).
/// </summary>
public sealed class PeftModel : IDisposable
{
    internal PeftModel(ILanguageModel model, PeftConfig config, AppliedAdapter adapter, ModulesToSave? modulesToSave, IReadOnlyList<string>? taskNames)
    {
        (Model, Config, Adapter, ModulesToSave, TaskNames) = (model, config, adapter, modulesToSave, taskNames);
    }

    public ILanguageModel Model { get; }
    public PeftConfig Config { get; }
    public AppliedAdapter Adapter { get; }
    public ModulesToSave? ModulesToSave { get; }

    /// <summary>Task name of each Poly task id (saved as <see cref="TaskNamesFile"/>), or null.</summary>
    public IReadOnlyList<string>? TaskNames { get; set; }

    /// <summary>The method's display name (LoRA, (IA)^3, ...).</summary>
    public string MethodName => PeftMethods.For(Config).Name;

    /// <summary>What users should know about how the adapter is applied (fields adjusted or accepted, PEFT quirks reproduced).</summary>
    public IReadOnlyList<string> Notes => [.. Config.Notes, .. Adapter.Notes];

    /// <summary>Everything that trains: the adapter's tensors and the modules_to_save parameters.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> TrainableParameters =>
        [.. Adapter.Parameters, .. ModulesToSave?.Parameters ?? []];

    /// <summary>As PEFT's get_nb_trainable_parameters counts them.</summary>
    public long TrainableParameterCount => TrainableParameters.Sum(p => p.Parameter.numel());

    public long TotalParameterCount => Model.Module.parameters().Sum(p => p.numel());

    bool _enabled = true;

    /// <summary>
    /// False computes the base model (PEFT's disable_adapter): every adapter slot, prompt and prefix is bypassed and
    /// modules_to_save hold their original values. A merged adapter is unmerged first, as PEFT does.
    /// </summary>
    public bool Enabled
    {
        get => _enabled;
        set
        {
            if (value == _enabled) return;
            if (!value && Adapter.Merged) Adapter.Unmerge();
            foreach (var host in AdaptationPoints.Hosts(Model)) host.Host.Adapters.Enabled = value;
            Model.Adaptation.Enabled = value;
            ModulesToSave?.SetEnabled(value);
            _enabled = value;
        }
    }

    public bool CanMerge => Adapter.CanMerge;
    public bool Merged => Adapter.Merged;

    /// <summary>Folds LoRA / (IA)^3 into the base weights (PEFT's merge_adapter); outputs stay the same up to rounding.</summary>
    public void Merge()
    {
        if (!_enabled) throw new InvalidOperationException("enable the adapter before merging it");
        Adapter.Merge();
    }

    public void Unmerge() => Adapter.Unmerge();

    /// <summary>
    /// Poly-μ: average the skills (weights 1 / n_skills) instead of routing by task id, so no task id is needed
    /// (held-out tasks). <see cref="PolyAverage.ToLora"/> turns the average into a LoRA adapter to fine-tune.
    /// </summary>
    public bool AverageSkills
    {
        get => PolyLayers.Any(l => l.Averaged);
        set
        {
            if (Config is not PolyConfig) throw new InvalidOperationException($"only Poly adapters have skills to average; this is {Config.PeftType}");
            foreach (var l in PolyLayers) l.Averaged = value;
        }
    }

    IEnumerable<PolyLayer> PolyLayers => Adapter is LayerAdapterSet set ? set.Layers.Select(l => l.Layer).OfType<PolyLayer>() : [];

    /// <summary>The Poly task id of <paramref name="taskName"/> from <see cref="TaskNames"/>, or null when unknown.</summary>
    public int? TaskId(string taskName)
    {
        if (TaskNames is null) return null;
        var i = TaskNames.ToList().IndexOf(taskName);
        return i < 0 ? null : i;
    }

    /// <summary>Every tensor of the adapter file under PEFT's keys (adapter, then modules_to_save).</summary>
    public IReadOnlyList<AdapterTensor> Tensors => [.. Adapter.Tensors, .. ModulesToSave?.Tensors ?? []];

    /// <summary>
    /// Writes the adapter folder as PEFT's save_pretrained does (adapter_config.json with inference_mode true,
    /// adapter_model.safetensors), plus <see cref="TaskNamesFile"/> when there are task names, plus
    /// <see cref="TrainableStateFile"/> when PEFT's file cannot hold every trainable tensor (prefix_projection's
    /// network: PEFT saves only its output). Each file is written atomically.
    /// </summary>
    public void Save(string dir)
    {
        if (Adapter.Merged) throw new InvalidOperationException("unmerge the adapter before saving it (its tensors are folded into the base weights)");
        Directory.CreateDirectory(dir);
        AdapterCheckpoint.WriteWeights(dir, Tensors);
        (Config with { InferenceMode = true }).Save(dir);
        if (TaskNames is { Count: > 0 } names) TaskNamesFile.Write(dir, names);
        if (!FileHoldsEveryTrainableTensor)
            Models.Checkpoints.SafetensorsWriter.Write(Path.Combine(dir, TrainableStateFile),
                TrainableParameters.Select(p => (p.Name, (TorchSharp.torch.Tensor)p.Parameter.detach())).ToList());
    }

    /// <summary>
    /// T0Sharp's extra file for resuming training when adapter_model.safetensors holds a computed tensor rather than the
    /// trainable ones (prefix_projection): every trainable tensor under its runtime name. PEFT ignores it.
    /// </summary>
    public const string TrainableStateFile = "t0sharp_trainable_state.safetensors";

    bool FileHoldsEveryTrainableTensor => Config is not PrefixTuningConfig { PrefixProjection: true } || !Adapter.Parameters.Any(p => p.Name.Contains(".transform."));

    /// <summary>
    /// Overwrites this adapter's tensors from a folder <see cref="Save"/> wrote for the same config (resuming training),
    /// bit for bit: from <see cref="TrainableStateFile"/> when present, else from adapter_model.safetensors.
    /// </summary>
    public void LoadWeights(string dir)
    {
        var state = Path.Combine(dir, TrainableStateFile);
        if (!File.Exists(state))
        {
            AdapterCheckpoint.ReadWeights(dir, Tensors);
            return;
        }
        using var file = Models.Checkpoints.CheckpointReader.Open(state);
        var tensors = TrainableParameters.Select(p => AdapterTensor.ForParameter(p.Name, () => p.Parameter) with { Key = p.Name }).ToList();
        var missing = tensors.FirstOrDefault(t => !file.Contains(t.Key));
        if (missing is not null) throw new InvalidDataException($"{state}: no tensor '{missing.Key}'; was it saved for this adapter config?");
        foreach (var t in tensors)
        {
            using var value = file.Load(t.Key);
            if (!value.shape.SequenceEqual(t.Shape)) throw new InvalidDataException($"{state}: tensor '{t.Key}' has shape [{string.Join(", ", value.shape)}], expected [{string.Join(", ", t.Shape)}]");
            t.Write(value);
        }
    }

    /// <summary>One line: method, what it adapts, trainable parameters (what <c>adapters info</c> and training print).</summary>
    public string Description
    {
        get
        {
            var targets = Adapter.Targets;
            var where = Config.IsPromptLearning ? string.Join("; ", targets)
                : $"{targets.Count} modules ({string.Join(", ", targets.Select(t => t[(t.LastIndexOf('.') + 1)..]).Distinct())})";
            var extra = ModulesToSave is { } m ? $", modules_to_save {string.Join(", ", m.Modules)}" : "";
            return $"{MethodName} ({Config.PeftType}) on {where}{extra}: {TrainableParameterCount:N0} trainable parameters";
        }
    }

    public void Dispose()
    {
        ModulesToSave?.Dispose();
        Adapter.Dispose();
    }
}
