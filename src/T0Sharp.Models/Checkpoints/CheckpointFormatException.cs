namespace T0Sharp.Models.Checkpoints;

/// <summary>
/// A checkpoint file that cannot be read: corrupt, truncated, of an unsupported format, or asking for something
/// the loader refuses (a pickle global beyond tensors). The message names the file and, where known, the tensor.
/// </summary>
public sealed class CheckpointFormatException : T0Sharp.Core.UserError
{
    /// <summary>The file at fault (full path as given).</summary>
    public string FilePath { get; }

    /// <summary>The tensor at fault, or null when the problem is not specific to one tensor.</summary>
    public string? TensorName { get; }

    public CheckpointFormatException(string filePath, string? tensorName, string problem, Exception? inner = null)
        : base(Compose(filePath, tensorName, problem), inner)
    {
        FilePath = filePath;
        TensorName = tensorName;
    }

    static string Compose(string file, string? tensor, string problem) =>
        tensor is null ? $"{file}: {problem}" : $"{file}: tensor '{tensor}': {problem}";
}
