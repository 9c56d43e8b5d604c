using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>A file (or archive) that can produce the data of tensors it described.</summary>
internal interface ITensorSource : IDisposable
{
    /// <summary>The file read.</summary>
    string Path { get; }

    /// <summary>The tensors this source holds, in file order.</summary>
    IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Reads one tensor: floating types become <paramref name="floatType"/>, others keep their type.</summary>
    Tensor Load(string name, ScalarType floatType, Device device);

    /// <summary>Reads one tensor into <paramref name="target"/> (same shape), converting type and device as needed.</summary>
    void LoadInto(string name, Tensor target)
    {
        var floatType = target.is_floating_point() ? target.dtype : ScalarType.Float32;
        using var loaded = Load(name, floatType, CPU);
        using var _ = no_grad();
        target.copy_(loaded);
    }
}
