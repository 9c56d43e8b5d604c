using static TorchSharp.torch;

namespace T0Sharp.Models.Checkpoints;

/// <summary>A <c>pytorch_model.bin</c> (torch.save zip + pickle). Reading lands in the next commit.</summary>
internal sealed class PyTorchCheckpointFile : ITensorSource
{
    public IReadOnlyList<TensorInfo> Tensors => [];

    public static PyTorchCheckpointFile Open(string path) =>
        throw new CheckpointFormatException(path, null, "pytorch_model.bin reading is not available yet in this build.");

    public Tensor Load(string name, ScalarType floatType, Device device) => throw new NotSupportedException();

    public void Dispose() { }
}
