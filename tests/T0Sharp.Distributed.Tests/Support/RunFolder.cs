using System.Text.Json;
using T0Sharp.Training.Checkpoints;
using static TorchSharp.torch;

namespace T0Sharp.Distributed.Tests.Support;

/// <summary>Reads what a training run wrote: checkpoint parameters and metrics.jsonl lines.</summary>
public static class RunFolder
{
    public static string Checkpoint(string runDir, long step) => Path.Combine(runDir, "checkpoints", CheckpointManager.DirName(step));

    /// <summary>Every parameter of a checkpoint's model, by name.</summary>
    public static Dictionary<string, float[]> Parameters(string checkpointDir)
    {
        var tensors = TensorArchive.Read(Path.Combine(checkpointDir, "model", "model.safetensors"));
        try { return tensors.ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float32).data<float>().ToArray()); }
        finally { foreach (var t in tensors.Values) t.Dispose(); }
    }

    /// <summary>The train lines of metrics.jsonl, in file order.</summary>
    public static List<JsonElement> TrainMetrics(string runDir) =>
        File.ReadAllLines(Path.Combine(runDir, "metrics.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "train")
            .ToList();

    /// <summary>The largest absolute difference between two parameter sets with the same names and shapes.</summary>
    public static double MaxAbsDifference(Dictionary<string, float[]> a, Dictionary<string, float[]> b)
    {
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        double max = 0;
        foreach (var (name, x) in a)
        {
            var y = b[name];
            Assert.Equal(x.Length, y.Length);
            for (var i = 0; i < x.Length; i++) max = Math.Max(max, Math.Abs((double)x[i] - y[i]));
        }
        return max;
    }
}
