using T0Sharp.Models.Checkpoints;
using static TorchSharp.torch;

namespace T0Sharp.Training.Checkpoints;

/// <summary>
/// Named training-state tensors (optimizer and RNG state) in a <c>.safetensors</c> file, through the one safetensors
/// writer and reader of the models layer (<see cref="SafetensorsWriter"/>, <see cref="SafetensorsFile"/>): each
/// tensor keeps its own type, so values round-trip bit-exactly. Any problem with a file is an
/// <see cref="InvalidDataException"/> whose message starts with the file path.
/// </summary>
public static class TensorArchive
{
    /// <summary>Writes <paramref name="tensors"/> atomically (sorted by name, as safetensors does).</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        using var scope = NewDisposeScope();
        SafetensorsWriter.Write(path, tensors.Select(kv => (kv.Key, kv.Value.detach())));
    }

    /// <summary>Reads every tensor onto the CPU in its stored type. The caller owns (disposes) the tensors.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            using var file = SafetensorsFile.Open(path);
            foreach (var info in file.Tensors) result[info.Name] = file.Load(info.Name, info.DType.ToScalarType());
            return result;
        }
        catch (Exception e) when (e is CheckpointFormatException or KeyNotFoundException)
        {
            foreach (var t in result.Values) t.Dispose();
            throw new InvalidDataException(e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}", e);
        }
    }
}
