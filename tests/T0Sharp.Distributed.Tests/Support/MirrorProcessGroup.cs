using static TorchSharp.torch;

namespace T0Sharp.Distributed.Tests.Support;

/// <summary>
/// An in-process stand-in for a group of <see cref="Size"/> processes that all hold this process's values: a sum
/// multiplies by Size, a gather repeats. It runs the data-parallel code paths without MPI (leak checks).
/// </summary>
public sealed class MirrorProcessGroup(int size) : IProcessGroup
{
    public int Rank => 0;
    public int Size => size;
    public string Backend => "mirror";
    public string Activity { get; set; } = "";
    public int Calls { get; private set; }

    public void AllReduceSum(Tensor tensor) { Calls++; tensor.mul_(size); }
    public void AllReduceSum(Span<double> values) { Calls++; foreach (ref var v in values) v *= size; }
    public void AllReduceSum(Span<long> values) { Calls++; foreach (ref var v in values) v *= size; }
    public void Broadcast(Tensor tensor, int root = 0) => Calls++;
    public byte[][] AllGather(ReadOnlySpan<byte> data) { Calls++; var copy = data.ToArray(); return Enumerable.Repeat(copy, size).ToArray(); }
    public byte[] Broadcast(ReadOnlySpan<byte> data, int root = 0) { Calls++; return data.ToArray(); }
    public void Barrier() => Calls++;
    public void MarkFailed() { }
    public void Dispose() { }
}
