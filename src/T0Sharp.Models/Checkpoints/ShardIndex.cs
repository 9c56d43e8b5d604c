using System.Text.Json;
using System.Text.Json.Nodes;

namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// A Hugging Face shard index (<c>model.safetensors.index.json</c> or <c>pytorch_model.bin.index.json</c>):
/// <c>{"metadata": {"total_size": bytes}, "weight_map": {tensor name: shard file name}}</c>.
/// </summary>
public sealed record ShardIndex(IReadOnlyDictionary<string, string> WeightMap, long? TotalSize)
{
    const long MaxIndexBytes = 256L << 20;

    /// <summary>The shard file names, sorted (HF numbers its shards, so this is their order).</summary>
    public IReadOnlyList<string> ShardFiles => WeightMap.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Reads and validates an index file. Shard names must be plain file names beside the index.</summary>
    public static ShardIndex Read(string path)
    {
        if (new FileInfo(path).Length > MaxIndexBytes)
            throw new CheckpointFormatException(path, null, $"the shard index is larger than {MaxIndexBytes} bytes: not an index file.");
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllBytes(path), documentOptions: new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, null, $"the shard index is not valid JSON: {e.Message}", e);
        }
        if (root is not JsonObject obj || obj["weight_map"] is not JsonObject map)
            throw new CheckpointFormatException(path, null, "the shard index has no 'weight_map' object.");
        var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in map)
        {
            if (value is not JsonValue v || !v.TryGetValue<string>(out var file))
                throw new CheckpointFormatException(path, name, "the weight_map value must be a shard file name.");
            if (file.Length == 0 || file != Path.GetFileName(file) || file is "." or "..")
                throw new CheckpointFormatException(path, name, $"shard name '{file}' must be a plain file name in the index's folder.");
            weightMap[name] = file;
        }
        long? total = null;
        if (obj["metadata"] is JsonObject meta && meta["total_size"] is JsonValue ts)
        {
            if (ts.TryGetValue<long>(out var l)) total = l;
            else if (ts.TryGetValue<double>(out var d) && d >= 0 && d == Math.Floor(d)) total = (long)d;
        }
        return new ShardIndex(weightMap, total);
    }

    /// <summary>The index JSON as save_pretrained writes it: 2-space indent, sorted weight_map, trailing newline.</summary>
    public string ToJson()
    {
        var map = new JsonObject();
        foreach (var (name, file) in WeightMap.OrderBy(kv => kv.Key, StringComparer.Ordinal)) map[name] = file;
        var metadata = new JsonObject();
        if (TotalSize is { } total) metadata["total_size"] = total;
        var root = new JsonObject { ["metadata"] = metadata, ["weight_map"] = map };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, IndentSize = 2 }) + "\n";
    }
}
