using T0Sharp.Models.Checkpoints;

namespace T0Sharp.Training.Checkpoints;

/// <summary>
/// A cheap check that a checkpoint folder can be resumed from: its <c>trainer_state.json</c> exists and every
/// safetensors file in it (model or adapter weights, optimizer and RNG state) has a valid header whose tensors lie
/// inside the file — what a truncated copy or a full disk breaks. No tensor data is read.
/// </summary>
public static class CheckpointIntegrity
{
    /// <summary>Null when the checkpoint looks intact, else what is wrong (naming the file).</summary>
    public static string? Problem(string dir)
    {
        if (!File.Exists(Path.Combine(dir, CheckpointManager.StateFile))) return $"{CheckpointManager.StateFile} is missing";
        foreach (var file in Directory.EnumerateFiles(dir, "*.safetensors", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            try { using var _ = SafetensorsFile.Open(file); }
            catch (Exception e) when (e is CheckpointFormatException or IOException or InvalidDataException) { return e.Message; }
        }
        return null;
    }
}
