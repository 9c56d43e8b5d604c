using T0Sharp.Core;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Optim;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Training.Checkpoints;

/// <summary>
/// What a checkpoint folder holds: <c>model/</c> (Hugging Face layout) or, when an adapter is trained,
/// <c>adapter/</c> (the adapter's own layout, e.g. PEFT's), <c>optimizer.safetensors</c>,
/// <c>rng.safetensors</c> (torch CPU generator state; in data-parallel runs one per process:
/// <c>torch_cpu</c> for rank 0, <c>torch_cpu.rank{r}</c> for the others), <c>config.resolved.yaml</c>, and
/// <c>trainer_state.json</c> (run state and data position), written last.
/// </summary>
public static class CheckpointIo
{
    public const string ModelDir = "model";
    public const string AdapterDir = "adapter";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string RngFile = "rng.safetensors";
    public const string ConfigFile = "config.resolved.yaml";

    /// <param name="otherRanksRng">The CPU generator states of ranks 1..N-1 (data-parallel runs), as their raw bytes.</param>
    public static void Write(string dir, ITrainableModel model, TrainingOptimizer optimizer, RunState state, TrainOptions options,
        IReadOnlyList<byte[]>? otherRanksRng = null)
    {
        using var scope = NewDisposeScope();
        model.Save(Path.Combine(dir, model.CheckpointFolder));
        TensorArchive.Write(Path.Combine(dir, OptimizerFile), optimizer.StateDict());
        var rng = new Dictionary<string, Tensor> { [RngKey(0)] = get_rng_state() };
        for (var r = 1; r <= (otherRanksRng?.Count ?? 0); r++) rng[RngKey(r)] = tensor(otherRanksRng![r - 1]);
        TensorArchive.Write(Path.Combine(dir, RngFile), rng);
        File.WriteAllText(Path.Combine(dir, ConfigFile), OptionsWriter.ToYaml(options));
        File.WriteAllText(Path.Combine(dir, CheckpointManager.StateFile), state.ToJson());
    }

    /// <summary>The key of process <paramref name="rank"/>'s generator state in rng.safetensors.</summary>
    public static string RngKey(int rank) => rank == 0 ? "torch_cpu" : $"torch_cpu.rank{rank}";

    /// <summary>
    /// Restores model weights, optimizer state and the torch RNG of process <paramref name="rank"/> from
    /// <paramref name="dir"/>; returns the run state. A rank the checkpoint has no generator state for (the run
    /// was saved with fewer processes) seeds its generator from rank 0's state and its rank.
    /// </summary>
    public static RunState Read(string dir, ITrainableModel model, TrainingOptimizer optimizer, int rank = 0)
    {
        var statePath = Path.Combine(dir, CheckpointManager.StateFile);
        if (!File.Exists(statePath)) throw new InvalidDataException($"{dir} is not a complete checkpoint ({CheckpointManager.StateFile} missing)");
        var state = RunState.FromJson(File.ReadAllText(statePath), statePath);
        model.LoadWeights(Path.Combine(dir, model.CheckpointFolder));
        var opt = TensorArchive.Read(Path.Combine(dir, OptimizerFile));
        try { optimizer.LoadStateDict(opt); }
        finally { foreach (var t in opt.Values) t.Dispose(); }
        var rng = TensorArchive.Read(Path.Combine(dir, RngFile));
        try
        {
            if (rng.TryGetValue(RngKey(rank), out var own)) set_rng_state(own);
            else manual_seed(unchecked((long)Crc(rng[RngKey(0)].bytes) * 31 + rank));
        }
        finally { foreach (var t in rng.Values) t.Dispose(); }
        return state;
    }

    static uint Crc(ReadOnlySpan<byte> data) => Metrics.Crc32C.Compute(data);

    /// <summary>The options a checkpoint was written with (so a resume continues the same run). Its paths are taken as
    /// written (absolute since paths resolve at load), not against the checkpoint folder.</summary>
    public static TrainOptions ReadOptions(string dir, IEnumerable<string>? overrides = null)
    {
        var path = Path.Combine(dir, ConfigFile);
        if (!File.Exists(path)) throw new OptionsException($"{path}: no such file (not a checkpoint folder?)");
        return OptionsLoader.Parse(File.ReadAllText(path), path, overrides);
    }

    public static void WriteResolvedConfig(string outputDir, TrainOptions options) =>
        AtomicFile.WriteAllText(Path.Combine(outputDir, ConfigFile), OptionsWriter.ToYaml(options));
}
