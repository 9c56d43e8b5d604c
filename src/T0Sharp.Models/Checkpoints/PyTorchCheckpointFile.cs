using Microsoft.Win32.SafeHandles;
using T0Sharp.Models.Checkpoints.Pickle;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// A <c>pytorch_model.bin</c> written by torch.save (PyTorch ≥ 1.6 zip format): <c>ARCHIVE/data.pkl</c> holds the
/// state dict as a pickle read by our <see cref="RestrictedUnpickler"/> (nothing is executed; only tensor
/// globals are accepted), <c>ARCHIVE/data/KEY</c> hold the raw little-endian storages, read in place.
/// Tensors that share a storage (tied weights) come back as views of one loaded storage.
/// </summary>
internal sealed class PyTorchCheckpointFile : ITensorSource
{
    const long MaxPickleBytes = 256L << 20;

    readonly SafeFileHandle _file;
    readonly string _path;
    readonly Dictionary<string, (TensorInfo Info, TorchTensorRef Ref)> _tensors;
    readonly Dictionary<string, ZipEntry> _storageEntries;
    readonly StorageCache _cache;

    public IReadOnlyList<TensorInfo> Tensors { get; }

    public string Path => _path;

    PyTorchCheckpointFile(string path, SafeFileHandle file, List<(TensorInfo, TorchTensorRef)> tensors, Dictionary<string, ZipEntry> storages)
    {
        _path = path;
        _file = file;
        _tensors = tensors.ToDictionary(t => t.Item1.Name, StringComparer.Ordinal);
        _storageEntries = storages;
        Tensors = tensors.Select(t => t.Item1).ToArray();
        _cache = new StorageCache(tensors.GroupBy(t => t.Item2.Storage.Key).ToDictionary(g => g.Key, g => g.Count()));
    }

    public static PyTorchCheckpointFile Open(string path)
    {
        var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            CheckMagic(file, path);
            var entries = ZipDirectory.Read(file, path);
            var pkl = entries.Values.Where(e => e.Name.EndsWith("/data.pkl", StringComparison.Ordinal) && e.Name.IndexOf('/') == e.Name.Length - 9).ToArray();
            if (pkl.Length != 1)
                throw new CheckpointFormatException(path, null, pkl.Length == 0
                    ? "the zip archive has no ARCHIVE/data.pkl entry: not a torch.save checkpoint"
                    : "the zip archive has several ARCHIVE/data.pkl entries");
            var prefix = pkl[0].Name[..^"data.pkl".Length];
            if (entries.TryGetValue(prefix + "byteorder", out var bo) && ReadSmall(file, path, bo, 16) is var order && order != "little")
                throw new CheckpointFormatException(path, null, $"the storages are stored '{order}'-endian; only little-endian is supported");
            if (pkl[0].Size > MaxPickleBytes)
                throw new CheckpointFormatException(path, null, $"data.pkl is {pkl[0].Size} bytes, too large for a state dict");
            var pickle = new byte[pkl[0].Size];
            TensorReading.ReadExactly(file, path, "(data.pkl)", pickle, pkl[0].DataOffset);

            var tensors = ParseStateDict(path, pickle);
            var storages = new Dictionary<string, ZipEntry>(StringComparer.Ordinal);
            foreach (var (info, r) in tensors)
            {
                if (storages.ContainsKey(r.Storage.Key)) continue;
                if (!entries.TryGetValue(prefix + "data/" + r.Storage.Key, out var entry))
                    throw new CheckpointFormatException(path, info.Name, $"its storage entry '{prefix}data/{r.Storage.Key}' is missing from the zip archive");
                var need = r.Storage.ElementCount * r.Storage.DType.Size();
                if (entry.Size < need)
                    throw new CheckpointFormatException(path, info.Name, $"storage '{r.Storage.Key}' needs {need} bytes but its zip entry holds {entry.Size}");
                storages[r.Storage.Key] = entry;
            }
            return new PyTorchCheckpointFile(path, file, tensors, storages);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    static void CheckMagic(SafeFileHandle file, string path)
    {
        Span<byte> magic = stackalloc byte[4];
        if (RandomAccess.GetLength(file) < 4) throw new CheckpointFormatException(path, null, "the file is too short to be a checkpoint");
        TensorReading.ReadExactly(file, path, "(header)", magic, 0);
        if (magic[0] == 0x80 && magic[1] <= 5)
            throw new CheckpointFormatException(path, null,
                "this is the legacy (PyTorch < 1.6, non-zip) torch.save format, which is not supported; re-save it with a recent torch or convert it to safetensors");
        if (magic[0] != (byte)'P' || magic[1] != (byte)'K')
            throw new CheckpointFormatException(path, null, "not a torch.save zip archive (no 'PK' signature)");
    }

    static string ReadSmall(SafeFileHandle file, string path, ZipEntry e, int max)
    {
        var buf = new byte[Math.Min(e.Size, max)];
        TensorReading.ReadExactly(file, path, e.Name, buf, e.DataOffset);
        return System.Text.Encoding.ASCII.GetString(buf).Trim();
    }

    internal static List<(TensorInfo, TorchTensorRef)> ParseStateDict(string path, byte[] pickle)
    {
        object? root;
        var storages = new Dictionary<string, TorchStorageRef>(StringComparer.Ordinal);
        try
        {
            root = RestrictedUnpickler.Load(pickle, TorchPickle.AllowGlobal, TorchPickle.Reduce,
                pid => TorchPickle.PersistentLoad(pid, storages));
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointFormatException(path, null, "data.pkl: " + e.Message, e);
        }
        if (root is not PickleDict dict)
            throw new CheckpointFormatException(path, null, $"data.pkl holds a {RestrictedUnpickler.Describe(root)}, not a state dict");
        var result = new List<(TensorInfo, TorchTensorRef)>();
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name)
                throw new CheckpointFormatException(path, null, $"state dict key {RestrictedUnpickler.Describe(key)} is not a string");
            if (value is not TorchTensorRef t)
                throw new CheckpointFormatException(path, name, $"the value is a {RestrictedUnpickler.Describe(value)}, not a tensor");
            result.Add((new TensorInfo(name, t.Storage.DType, t.Shape, path), t));
        }
        return result;
    }

    public Tensor Load(string name, ScalarType floatType, Device device)
    {
        if (!_tensors.TryGetValue(name, out var t))
            throw new KeyNotFoundException($"{_path}: no tensor named '{name}'.");
        var storage = t.Ref.Storage;
        var target = storage.DType.IsFloatingPoint() ? floatType : storage.DType.ToScalarType();
        var flat = _cache.Get(storage.Key, target, device, () =>
        {
            var entry = _storageEntries[storage.Key];
            var cpu = TensorReading.ReadFlat(_file, _path, name, entry.DataOffset, storage.ElementCount, storage.DType, target);
            if (device.type == DeviceType.CPU) return cpu;
            using (cpu) return cpu.to(device);
        });
        using (flat)
            return flat.as_strided(t.Ref.Shape, t.Ref.Stride, t.Ref.StorageOffset);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _file.Dispose();
    }
}
