using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>A file (or archive) that can produce the data of tensors it described.</summary>
internal interface ITensorSource : IDisposable
{
    /// <summary>The tensors this source holds, in file order.</summary>
    IReadOnlyList<TensorInfo> Tensors { get; }

    /// <summary>Reads one tensor: floating types become <paramref name="floatType"/>, others keep their type.</summary>
    Tensor Load(string name, ScalarType floatType, Device device);
}
