using T0Sharp.Models.Checkpoints;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Checkpoints;

/// <summary>
/// An adapter folder as PEFT writes it: <c>adapter_config.json</c> and <c>adapter_model.safetensors</c> (PEFT's keys:
/// <c>base_model.model.&lt;module&gt;.&lt;tensor&gt;</c> with the adapter name stripped, or <c>prompt_embeddings</c>; tensors
/// in their own dtype, sorted, <c>{"format": "pt"}</c> metadata). Reading also accepts PEFT's older
/// <c>adapter_model.bin</c>. Loading is strict where PEFT is lenient: a missing or unexpected tensor is an error.
/// </summary>
public static class AdapterCheckpoint
{
    public const string WeightsFile = "adapter_model.safetensors";
    public const string LegacyWeightsFile = "adapter_model.bin";

    /// <summary>Writes the weights file of <paramref name="tensors"/> into <paramref name="dir"/> atomically.</summary>
    public static void WriteWeights(string dir, IEnumerable<AdapterTensor> tensors)
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(Path.Combine(dir, WeightsFile), tensors.Select(t => (t.Key, t.Read())).ToList(),
            metadata: new Dictionary<string, string> { ["format"] = "pt" });
    }

    /// <summary>The weights file of an adapter folder.</summary>
    public static string WeightsPath(string dir)
    {
        var safetensors = Path.Combine(dir, WeightsFile);
        if (File.Exists(safetensors)) return safetensors;
        var legacy = Path.Combine(dir, LegacyWeightsFile);
        if (File.Exists(legacy)) return legacy;
        throw new FileNotFoundException($"{dir}: no {WeightsFile} (or {LegacyWeightsFile}): not an adapter folder", safetensors);
    }

    /// <summary>
    /// Overwrites every tensor of <paramref name="tensors"/> from the folder's weights file. The file must hold exactly
    /// those keys with those shapes; the error names the file and the first offending keys.
    /// </summary>
    public static void ReadWeights(string dir, IReadOnlyList<AdapterTensor> tensors)
    {
        var path = WeightsPath(dir);
        using var checkpoint = CheckpointReader.Open(path);
        var inFile = checkpoint.Names.ToHashSet(StringComparer.Ordinal);
        var expected = tensors.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(k => !inFile.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{path}: missing {missing.Count} adapter tensor(s) the config implies, e.g. {Some(missing)} " +
                "(does adapter_config.json belong to these weights and to this base model?)");
        var unexpected = inFile.Where(k => !expected.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
            throw new InvalidDataException($"{path}: {unexpected.Count} tensor(s) that adapter_config.json does not explain, e.g. {Some(unexpected)}");
        foreach (var t in tensors)
        {
            var info = checkpoint.Info(t.Key);
            if (!info.Shape.SequenceEqual(t.Shape))
                throw new InvalidDataException($"{path}: tensor '{t.Key}' has shape [{string.Join(", ", info.Shape)}] but this model " +
                    $"and adapter_config.json need [{string.Join(", ", t.Shape)}]");
            using var value = checkpoint.Load(t.Key);
            t.Write(value);
        }
    }

    static string Some(IReadOnlyList<string> keys) => string.Join(", ", keys.Take(3).Select(k => "'" + k + "'")) + (keys.Count > 3 ? ", ..." : "");
}
