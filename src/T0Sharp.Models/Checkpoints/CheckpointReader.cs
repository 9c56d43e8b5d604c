namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// Opens a Hugging Face model folder's weights, choosing the file as from_pretrained does:
/// <c>model.safetensors</c>, then <c>model.safetensors.index.json</c>, then <c>pytorch_model.bin</c>,
/// then <c>pytorch_model.bin.index.json</c>. A path to one of those files opens that file.
/// </summary>
public static class CheckpointReader
{
    /// <summary>Opens the checkpoint in <paramref name="modelDirOrFile"/>; the error lists what was found when nothing fits.</summary>
    public static Checkpoint Open(string modelDirOrFile)
    {
        if (File.Exists(modelDirOrFile)) return OpenFile(Path.GetFullPath(modelDirOrFile));
        if (!Directory.Exists(modelDirOrFile))
            throw new DirectoryNotFoundException($"{modelDirOrFile}: no such model folder or checkpoint file.");
        var dir = Path.GetFullPath(modelDirOrFile);
        foreach (var name in new[] { CheckpointFileNames.Safetensors, CheckpointFileNames.SafetensorsIndex,
                     CheckpointFileNames.PyTorch, CheckpointFileNames.PyTorchIndex })
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return OpenFile(path);
        }
        var found = Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        throw new FileNotFoundException(
            $"{dir}: no weights found. Expected one of {CheckpointFileNames.Safetensors}, {CheckpointFileNames.SafetensorsIndex}, " +
            $"{CheckpointFileNames.PyTorch} or {CheckpointFileNames.PyTorchIndex}; the folder holds: " +
            (found.Length == 0 ? "nothing" : string.Join(", ", found)) + ".");
    }

    static Checkpoint OpenFile(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".index.json", StringComparison.Ordinal)) return OpenIndex(path);
        if (name.EndsWith(".safetensors", StringComparison.Ordinal))
            return new Checkpoint(path, CheckpointFormat.Safetensors, [SafetensorsFile.Open(path)]);
        return new Checkpoint(path, CheckpointFormat.PyTorch, [PyTorchCheckpointFile.Open(path)]);
    }

    static Checkpoint OpenIndex(string indexPath)
    {
        var index = ShardIndex.Read(indexPath);
        var dir = Path.GetDirectoryName(indexPath)!;
        var safetensors = Path.GetFileName(indexPath).StartsWith("model.safetensors", StringComparison.Ordinal);
        var sources = new List<ITensorSource>();
        try
        {
            foreach (var shard in index.ShardFiles)
            {
                var shardPath = Path.Combine(dir, shard);
                if (!File.Exists(shardPath))
                    throw new CheckpointFormatException(indexPath, index.WeightMap.First(kv => kv.Value == shard).Key,
                        $"the index names shard '{shard}', which does not exist.");
                var source = shard.EndsWith(".safetensors", StringComparison.Ordinal)
                    ? (ITensorSource)SafetensorsFile.Open(shardPath) : PyTorchCheckpointFile.Open(shardPath);
                sources.Add(source);
                var inShard = source.Tensors.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var (tensor, file) in index.WeightMap)
                    if (file == shard && !inShard.Contains(tensor))
                        throw new CheckpointFormatException(shardPath, tensor, $"the index {indexPath} places the tensor in this shard, which lacks it.");
            }
            return new Checkpoint(indexPath, safetensors ? CheckpointFormat.ShardedSafetensors : CheckpointFormat.ShardedPyTorch,
                sources, index.WeightMap);
        }
        catch
        {
            foreach (var s in sources) s.Dispose();
            throw;
        }
    }
}
