namespace T0Sharp.Models.Checkpoints;

/// <summary>How a model folder stores its weights (the files Hugging Face from_pretrained looks for, in its order).</summary>
public enum CheckpointFormat
{
    /// <summary><c>model.safetensors</c></summary>
    Safetensors,
    /// <summary><c>model.safetensors.index.json</c> + shards</summary>
    ShardedSafetensors,
    /// <summary><c>pytorch_model.bin</c> (torch.save zip + pickle)</summary>
    PyTorch,
    /// <summary><c>pytorch_model.bin.index.json</c> + shards</summary>
    ShardedPyTorch,
}

/// <summary>The weight file names of a Hugging Face model folder.</summary>
public static class CheckpointFileNames
{
    public const string Safetensors = "model.safetensors";
    public const string SafetensorsIndex = "model.safetensors.index.json";
    public const string PyTorch = "pytorch_model.bin";
    public const string PyTorchIndex = "pytorch_model.bin.index.json";
}
