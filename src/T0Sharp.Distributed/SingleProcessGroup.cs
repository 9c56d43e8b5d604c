using static TorchSharp.torch;

namespace T0Sharp.Distributed;

/// <summary>One process: every collective is the identity, so the trainer and evaluator need no special case.</summary>
public sealed class SingleProcessGroup : IProcessGroup
{
    public static SingleProcessGroup Instance { get; } = new();

    public int Rank => 0;
    public int Size => 1;
    public string Backend => "single";
    public string Activity { get; set; } = "";
    public void AllReduceSum(Tensor tensor) { }
    public void AllReduceSum(Span<double> values) { }
    public void AllReduceSum(Span<long> values) { }
    public void Broadcast(Tensor tensor, int root = 0) => CheckRoot(root);
    public byte[][] AllGather(ReadOnlySpan<byte> data) => [data.ToArray()];
    public byte[] Broadcast(ReadOnlySpan<byte> data, int root = 0) { CheckRoot(root); return data.ToArray(); }
    public void Barrier() { }
    public void MarkFailed() { }
    public void Dispose() { }

    static void CheckRoot(int root)
    {
        if (root != 0) throw new ArgumentOutOfRangeException(nameof(root), root, "a single process has only rank 0");
    }
}
