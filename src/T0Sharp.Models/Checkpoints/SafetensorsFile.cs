using Microsoft.Win32.SafeHandles;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// An open <c>.safetensors</c> file: the header is parsed and validated on open (names, dtypes, shapes, offsets),
/// tensor data is read on demand straight into native tensor memory. Thread-safe for concurrent loads.
/// </summary>
public sealed class SafetensorsFile : ITensorSource
{
    readonly SafeFileHandle _file;
    readonly Dictionary<string, SafetensorsEntry> _byName;

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>Tensors in header order.</summary>
    public IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>The <c>__metadata__</c> strings (HF writes <c>{"format": "pt"}</c>).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafetensorsFile(string path, SafeFileHandle file, SafetensorsHeader header)
    {
        Path = path;
        _file = file;
        _byName = header.Entries.ToDictionary(e => e.Info.Name, StringComparer.Ordinal);
        Tensors = header.Entries.Select(e => e.Info).ToArray();
        Metadata = header.Metadata;
    }

    /// <summary>Opens and validates <paramref name="path"/>; throws <see cref="CheckpointFormatException"/> when it is not a sound safetensors file.</summary>
    public static SafetensorsFile Open(string path)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            var length = RandomAccess.GetLength(file);
            Span<byte> first8 = stackalloc byte[8];
            if (length >= 8) TensorReading.ReadExactly(file, path, "(header)", first8, 0);
            var n = SafetensorsHeader.ReadHeaderLength(first8, length, path);
            var json = new byte[n];
            TensorReading.ReadExactly(file, path, "(header)", json, 8);
            var header = SafetensorsHeader.Parse(json, length, path);
            return new SafetensorsFile(path, file, header);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// Reads tensor <paramref name="name"/> onto <paramref name="device"/> (CPU by default). Floating types are
    /// converted to <paramref name="floatType"/> (fp32 by default; bf16/fp16 → fp32 is exact); integer and bool
    /// tensors keep their type.
    /// </summary>
    public Tensor Load(string name, ScalarType floatType = ScalarType.Float32, Device? device = null)
    {
        if (!_byName.TryGetValue(name, out var entry))
            throw new KeyNotFoundException($"{Path}: no tensor named '{name}'.");
        var info = entry.Info;
        var target = info.DType.IsFloatingPoint() ? floatType : info.DType.ToScalarType();
        using var flat = TensorReading.ReadFlat(_file, Path, name, entry.FileOffset, info.ElementCount, info.DType, target);
        var shaped = flat.reshape(info.Shape);
        if (device is null || device.type == DeviceType.CPU) return shaped;
        using (shaped) return shaped.to(device);
    }

    Tensor ITensorSource.Load(string name, ScalarType floatType, Device device) => Load(name, floatType, device);

    /// <summary>
    /// Reads tensor <paramref name="name"/> into <paramref name="target"/> (same element count). A contiguous CPU
    /// target of the stored type, or fp32 for fp16/bf16/fp64 data, is filled in place with no intermediate tensor;
    /// any other target gets a converted copy.
    /// </summary>
    public void LoadInto(string name, Tensor target)
    {
        if (!_byName.TryGetValue(name, out var entry))
            throw new KeyNotFoundException($"{Path}: no tensor named '{name}'.");
        var info = entry.Info;
        if (target.numel() != info.ElementCount)
            throw new ArgumentException($"{Path}: tensor '{name}' has {info.ElementCount} elements, the target {target.numel()}.");
        using var _ = no_grad();
        if (target.device_type == DeviceType.CPU && target.is_contiguous() && TensorReading.CanFillDirectly(info.DType, target.dtype))
        {
            using var flat = target.view(-1);
            TensorReading.Fill(_file, Path, name, entry.FileOffset, info.ElementCount, info.DType, flat);
            return;
        }
        using var loaded = Load(name, target.is_floating_point() ? target.dtype : ScalarType.Float32);
        target.copy_(loaded.view(target.shape));
    }

    public void Dispose() => _file.Dispose();
}
