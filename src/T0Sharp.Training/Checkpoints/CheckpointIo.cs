using T0Sharp.Core;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Optim;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Training.Checkpoints;

/// <summary>
/// What a checkpoint folder holds: <c>model/</c> (Hugging Face layout) or, when an adapter is trained,
/// <c>adapter/</c> (the adapter's own layout, e.g. PEFT's), <c>optimizer.safetensors</c>,
/// <c>rng.safetensors</c> (torch CPU generator state), <c>config.resolved.yaml</c>, and
/// <c>trainer_state.json</c> (run state and data position), written last.
/// </summary>
public static class CheckpointIo
{
    public const string ModelDir = "model";
    public const string AdapterDir = "adapter";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string RngFile = "rng.safetensors";
    public const string ConfigFile = "config.resolved.yaml";

    public static void Write(string dir, ITrainableModel model, TrainingOptimizer optimizer, RunState state, TrainOptions options)
    {
        using var scope = NewDisposeScope();
        model.Save(Path.Combine(dir, model.CheckpointFolder));
        TensorArchive.Write(Path.Combine(dir, OptimizerFile), optimizer.StateDict());
        TensorArchive.Write(Path.Combine(dir, RngFile), new Dictionary<string, Tensor> { ["torch_cpu"] = get_rng_state() });
        File.WriteAllText(Path.Combine(dir, ConfigFile), OptionsWriter.ToYaml(options));
        File.WriteAllText(Path.Combine(dir, CheckpointManager.StateFile), state.ToJson());
    }

    /// <summary>Restores model weights, optimizer state and the torch RNG from <paramref name="dir"/>; returns the run state.</summary>
    public static RunState Read(string dir, ITrainableModel model, TrainingOptimizer optimizer)
    {
        var statePath = Path.Combine(dir, CheckpointManager.StateFile);
        if (!File.Exists(statePath)) throw new InvalidDataException($"{dir} is not a complete checkpoint ({CheckpointManager.StateFile} missing)");
        var state = RunState.FromJson(File.ReadAllText(statePath), statePath);
        model.LoadWeights(Path.Combine(dir, model.CheckpointFolder));
        var opt = TensorArchive.Read(Path.Combine(dir, OptimizerFile));
        try { optimizer.LoadStateDict(opt); }
        finally { foreach (var t in opt.Values) t.Dispose(); }
        var rng = TensorArchive.Read(Path.Combine(dir, RngFile));
        try { set_rng_state(rng["torch_cpu"]); }
        finally { foreach (var t in rng.Values) t.Dispose(); }
        return state;
    }

    /// <summary>The options a checkpoint was written with (so a resume continues the same run).</summary>
    public static TrainOptions ReadOptions(string dir, IEnumerable<string>? overrides = null) =>
        OptionsLoader.Load(Path.Combine(dir, ConfigFile), overrides);

    public static void WriteResolvedConfig(string outputDir, TrainOptions options) =>
        AtomicFile.WriteAllText(Path.Combine(outputDir, ConfigFile), OptionsWriter.ToYaml(options));
}
