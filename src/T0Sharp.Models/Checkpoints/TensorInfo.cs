namespace T0Sharp.Models.Checkpoints;

/// <summary>What a checkpoint says about one tensor, without reading its data.</summary>
/// <param name="Name">The state-dict key, as stored.</param>
/// <param name="DType">The stored element type (loading upcasts floating types to fp32 by default).</param>
/// <param name="Shape">The tensor's dimensions (empty for a scalar).</param>
/// <param name="FilePath">The file holding the data.</param>
public sealed record TensorInfo(string Name, TensorDType DType, long[] Shape, string FilePath)
{
    /// <summary>Number of elements (product of <see cref="Shape"/>; 1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Stored size in bytes.</summary>
    public long ByteCount => ElementCount * DType.Size();

    public override string ToString() => $"{Name} {DType} [{string.Join(", ", Shape)}]";
}
