using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// An opened checkpoint (one file or a set of shards): lists every tensor's name, dtype and shape without
/// reading data, and loads tensors on demand. Open with <see cref="CheckpointReader.Open"/>; dispose to close files.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    readonly IReadOnlyList<ITensorSource> _sources;
    readonly Dictionary<string, (TensorInfo Info, ITensorSource Source)> _byName;

    /// <summary>The folder (or file) the checkpoint was opened from.</summary>
    public string Location { get; }

    /// <summary>The storage format found.</summary>
    public CheckpointFormat Format { get; }

    /// <summary>The files holding weights (one, or every shard).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>All tensors, in file order (shards in name order).</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    internal Checkpoint(string location, CheckpointFormat format, IReadOnlyList<ITensorSource> sources,
        IReadOnlyDictionary<string, string>? onlyFrom = null)
    {
        Location = location;
        Format = format;
        _sources = sources;
        _byName = new Dictionary<string, (TensorInfo, ITensorSource)>(StringComparer.Ordinal);
        var ordered = new List<TensorInfo>();
        foreach (var source in sources)
            foreach (var info in source.Tensors)
            {
                // With a shard index, a tensor belongs to the shard the index names (HF reads the index).
                if (onlyFrom is not null && (!onlyFrom.TryGetValue(info.Name, out var shard)
                    || !string.Equals(Path.GetFileName(info.FilePath), shard, StringComparison.Ordinal))) continue;
                if (!_byName.TryAdd(info.Name, (info, source)))
                    throw new CheckpointFormatException(info.FilePath, info.Name,
                        $"the tensor also appears in {_byName[info.Name].Info.FilePath}.");
                ordered.Add(info);
            }
        Tensors = ordered;
        Files = sources.Select(s => s.Path).ToArray();
    }

    /// <summary>The tensor names.</summary>
    public IEnumerable<string> Names => Tensors.Select(t => t.Name);

    /// <summary>True when the checkpoint holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>Name, dtype, shape and file of <paramref name="name"/>.</summary>
    public TensorInfo Info(string name) => _byName.TryGetValue(name, out var e) ? e.Info
        : throw new KeyNotFoundException($"{Location}: the checkpoint has no tensor named '{name}'.");

    /// <summary>
    /// Reads tensor <paramref name="name"/> onto <paramref name="device"/> (CPU by default). Floating types are
    /// converted to <paramref name="floatType"/> (fp32 by default; fp16/bf16 → fp32 is exact); integer and bool
    /// tensors keep their type. The caller owns the returned tensor.
    /// </summary>
    public Tensor Load(string name, Device? device = null, ScalarType floatType = ScalarType.Float32)
    {
        if (!_byName.TryGetValue(name, out var e))
            throw new KeyNotFoundException($"{Location}: the checkpoint has no tensor named '{name}'.");
        return e.Source.Load(name, floatType, device ?? CPU);
    }

    /// <summary>
    /// Reads tensor <paramref name="name"/> into <paramref name="target"/>, which must have the stored shape (for
    /// example a model parameter). Contiguous fp32 CPU targets are filled straight from the file, so loading a
    /// model this way costs no memory beyond the model itself; other targets get a converted copy.
    /// </summary>
    public void LoadInto(string name, Tensor target)
    {
        var info = Info(name);
        if (!info.Shape.SequenceEqual(target.shape))
            throw new ArgumentException($"{info.FilePath}: tensor '{name}' has shape [{string.Join(", ", info.Shape)}] " +
                $"but the target has [{string.Join(", ", target.shape)}].");
        _byName[name].Source.LoadInto(name, target);
    }

    /// <summary>Loads every tensor, one at a time, in file order.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> LoadAll(Device? device = null, ScalarType floatType = ScalarType.Float32)
    {
        foreach (var info in Tensors) yield return (info.Name, Load(info.Name, device, floatType));
    }

    public void Dispose()
    {
        foreach (var s in _sources) s.Dispose();
    }
}
