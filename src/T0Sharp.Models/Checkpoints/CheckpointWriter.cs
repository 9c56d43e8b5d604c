using T0Sharp.Core;
using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// Saves weights in Hugging Face layout so that transformers' from_pretrained loads them: one
/// <c>model.safetensors</c>, or, past <c>maxShardBytes</c>, shards <c>model-0000i-of-0000n.safetensors</c> plus
/// <c>model.safetensors.index.json</c> (<c>metadata.total_size</c>, sorted <c>weight_map</c>), split as
/// save_pretrained splits. Every file is written atomically; weight files of an earlier save that the new one
/// does not use are removed only after the new files are complete. config.json is not written here.
/// </summary>
public static class CheckpointWriter
{
    /// <summary>
    /// Writes <paramref name="tensors"/> (in state-dict order; shards follow that order) into
    /// <paramref name="directory"/>. <paramref name="dtype"/> converts floating tensors (e.g. BFloat16 to halve
    /// the size); <paramref name="maxShardBytes"/> (null: never shard) is the largest shard as HF counts it.
    /// Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Save(string directory, IEnumerable<(string Name, Tensor Tensor)> tensors,
        TensorDType? dtype = null, long? maxShardBytes = null)
    {
        if (maxShardBytes is <= 0) throw new ArgumentOutOfRangeException(nameof(maxShardBytes), "must be positive");
        Directory.CreateDirectory(directory);
        var list = tensors.ToList();
        SafetensorsWriter.Plan(list, dtype); // validates names and types before anything is written
        var shards = Split(list, dtype, maxShardBytes);
        var written = new List<string>();
        if (shards.Count == 1)
        {
            var path = Path.Combine(directory, CheckpointFileNames.Safetensors);
            SafetensorsWriter.Write(path, shards[0], dtype);
            written.Add(path);
        }
        else
        {
            // Every shard is staged completely before any is renamed into place, then the index goes last, so a
            // failure while writing leaves the previous save untouched.
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            var staged = new List<(string Staging, string Final)>();
            long total = 0;
            try
            {
                for (var i = 0; i < shards.Count; i++)
                {
                    var name = ShardName(i + 1, shards.Count);
                    var staging = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.staging");
                    staged.Add((staging, Path.Combine(directory, name)));
                    SafetensorsWriter.Write(staging, shards[i], dtype);
                    foreach (var (tensorName, t) in shards[i])
                    {
                        weightMap[tensorName] = name;
                        total += t.numel() * StoredSize(t, dtype);
                    }
                }
                foreach (var (staging, final) in staged) File.Move(staging, final, overwrite: true);
            }
            finally
            {
                foreach (var (staging, _) in staged) if (File.Exists(staging)) File.Delete(staging);
            }
            written.AddRange(staged.Select(s => s.Final));
            var indexPath = Path.Combine(directory, CheckpointFileNames.SafetensorsIndex);
            AtomicFile.WriteAllText(indexPath, new ShardIndex(weightMap, total).ToJson());
            written.Add(indexPath);
        }
        RemoveStale(directory, written);
        return written;
    }

    /// <summary>HF's shard names: <c>model-00001-of-00003.safetensors</c>.</summary>
    public static string ShardName(int index, int count) => $"model-{index:D5}-of-{count:D5}.safetensors";

    static long StoredSize(Tensor t, TensorDType? dtype)
    {
        var own = TensorDTypes.FromScalarType(t.dtype)!.Value;
        return (dtype is { } d && own.IsFloatingPoint() ? d : own).Size();
    }

    /// <summary>save_pretrained's rule: start a new shard when the next tensor would pass the limit and the current one is not empty.</summary>
    static List<List<(string, Tensor)>> Split(List<(string Name, Tensor Tensor)> tensors, TensorDType? dtype, long? maxShardBytes)
    {
        var shards = new List<List<(string, Tensor)>> { new() };
        long current = 0;
        foreach (var (name, t) in tensors)
        {
            var size = t.numel() * StoredSize(t, dtype);
            if (maxShardBytes is { } max && current + size > max && shards[^1].Count > 0)
            {
                shards.Add([]);
                current = 0;
            }
            shards[^1].Add((name, t));
            current += size;
        }
        return shards;
    }

    static void RemoveStale(string directory, List<string> written)
    {
        var keep = written.Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(file);
            var ours = name is CheckpointFileNames.Safetensors or CheckpointFileNames.SafetensorsIndex
                || System.Text.RegularExpressions.Regex.IsMatch(name, @"^model-\d{5}-of-\d{5}\.safetensors$");
            if (ours && !keep.Contains(name)) File.Delete(file);
        }
    }
}
