namespace T0Sharp.Models.Checkpoints.Pickle;

/// <summary>A storage named by a torch.save persistent id: <c>('storage', torch.XStorage, key, location, numel)</c>.</summary>
internal sealed record TorchStorageRef(string Key, TensorDType DType, long ElementCount);

/// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a strided view of a storage.</summary>
internal sealed record TorchTensorRef(TorchStorageRef Storage, long StorageOffset, long[] Shape, long[] Stride);

/// <summary>
/// The part of the torch pickle vocabulary a state dict needs, and nothing else: the whitelist of globals,
/// what REDUCE does with each, and how persistent ids name storages.
/// </summary>
internal static class TorchPickle
{
    static readonly Dictionary<string, TensorDType> StorageTypes = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = TensorDType.Float32,
        ["HalfStorage"] = TensorDType.Float16,
        ["BFloat16Storage"] = TensorDType.BFloat16,
        ["DoubleStorage"] = TensorDType.Float64,
        ["LongStorage"] = TensorDType.Int64,
        ["IntStorage"] = TensorDType.Int32,
        ["ShortStorage"] = TensorDType.Int16,
        ["CharStorage"] = TensorDType.Int8,
        ["ByteStorage"] = TensorDType.UInt8,
        ["BoolStorage"] = TensorDType.Bool,
    };

    static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
    };

    /// <summary>The whitelist: storage type markers and the few rebuild functions.</summary>
    public static bool AllowGlobal(string module, string name) =>
        (module == "torch" && StorageTypes.ContainsKey(name)) || Functions.Contains(module + "." + name);

    /// <summary>Applies a whitelisted function to its arguments, building plain values.</summary>
    public static object? Reduce(PickleGlobal callable, PickleTuple args)
    {
        switch (callable.ToString())
        {
            case "collections.OrderedDict":
                if (args.Count != 0) throw new InvalidDataException("OrderedDict with constructor arguments");
                return new PickleDict();
            case "torch._utils._rebuild_tensor_v2": // (storage, offset, size, stride, requires_grad, hooks[, metadata])
                if (args.Count < 6) throw new InvalidDataException($"_rebuild_tensor_v2 takes at least 6 arguments, got {args.Count}");
                return RebuildTensor(args);
            case "torch._utils._rebuild_tensor": // (storage, offset, size, stride)
                if (args.Count != 4) throw new InvalidDataException($"_rebuild_tensor takes 4 arguments, got {args.Count}");
                return RebuildTensor(args);
            case "torch._utils._rebuild_parameter": // (data, requires_grad, hooks)
            case "torch._utils._rebuild_parameter_with_state": // (data, requires_grad, hooks, state)
                if (args.Count < 3 || args[0] is not TorchTensorRef t)
                    throw new InvalidDataException($"{callable} needs a tensor as its first argument");
                return t;
            default:
                throw new InvalidDataException($"global '{callable}' cannot be called");
        }
    }

    static TorchTensorRef RebuildTensor(PickleTuple args)
    {
        var storage = args[0] as TorchStorageRef ?? throw new InvalidDataException("tensor rebuilt from something that is not a storage");
        var offset = args[1] as long? ?? throw new InvalidDataException("tensor storage offset is not an integer");
        var shape = Longs(args[2], "size");
        var stride = Longs(args[3], "stride");
        if (shape.Length != stride.Length)
            throw new InvalidDataException($"tensor size has {shape.Length} dimensions but stride has {stride.Length}");
        if (offset < 0 || shape.Any(d => d < 0) || stride.Any(s => s < 0))
            throw new InvalidDataException("negative tensor offset, size or stride");
        try
        {
            var count = 1L;
            foreach (var d in shape) count = checked(count * d);
        }
        catch (OverflowException) { throw new InvalidDataException($"tensor size [{string.Join(", ", shape)}] is too large to exist"); }
        if (!shape.Contains(0))
        {
            long last;
            try
            {
                last = offset;
                for (var i = 0; i < shape.Length; i++) last = checked(last + (shape[i] - 1) * stride[i]);
            }
            catch (OverflowException) { throw new InvalidDataException("tensor size/stride overflow"); }
            if (last >= storage.ElementCount)
                throw new InvalidDataException(
                    $"tensor of size [{string.Join(", ", shape)}], stride [{string.Join(", ", stride)}] at offset {offset} reaches element {last} of a storage of {storage.ElementCount}");
        }
        return new TorchTensorRef(storage, offset, shape, stride);
    }

    static long[] Longs(object? o, string what)
    {
        if (o is not PickleTuple t || t.Items.Any(x => x is not long))
            throw new InvalidDataException($"tensor {what} is not a tuple of integers");
        if (t.Count > 64) throw new InvalidDataException($"tensor {what} has {t.Count} dimensions");
        return t.Items.Select(x => (long)x!).ToArray();
    }

    /// <summary>Resolves a persistent id <c>('storage', torch.XStorage, key, location, numel)</c>.</summary>
    public static TorchStorageRef PersistentLoad(object? pid, Dictionary<string, TorchStorageRef> seen)
    {
        if (pid is not PickleTuple { Count: 5 } t || t[0] is not "storage")
            throw new InvalidDataException($"persistent id is not a storage reference: {RestrictedUnpickler.Describe(pid)}");
        if (t[1] is not PickleGlobal { Module: "torch" } g || !StorageTypes.TryGetValue(g.Name, out var dtype))
            throw new InvalidDataException($"storage type {RestrictedUnpickler.Describe(t[1])} is not supported");
        if (t[2] is not string key || key.Length == 0 || key.Contains('/') || key.Contains('\\') || key.Contains(".."))
            throw new InvalidDataException("storage key is not a plain name");
        if (t[4] is not long numel || numel < 0 || numel > (1L << 56)) throw new InvalidDataException($"storage '{key}' has no valid element count");
        if (seen.TryGetValue(key, out var prior))
        {
            if (prior.DType != dtype || prior.ElementCount != numel)
                throw new InvalidDataException($"storage '{key}' is described twice with different types or sizes");
            return prior;
        }
        return seen[key] = new TorchStorageRef(key, dtype, numel);
    }
}
