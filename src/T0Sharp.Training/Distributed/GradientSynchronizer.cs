using System.Diagnostics;
using T0Sharp.Distributed;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Training.Distributed;

/// <summary>
/// Sums gradients over processes in buckets, as PyTorch DDP and Horovod do: gradients are copied (as float32)
/// into one reusable flat buffer of about bucket_mb MiB, each full buffer is all-reduced in one call, and the
/// sums are copied back; a float32 gradient at least as large as a bucket is reduced in place without a copy.
/// Fewer, larger calls amortise the per-call latency; the buffer is the size of one bucket, not of the model.
/// Parameters without a gradient on any process are left without one (so the optimizer skips them as it
/// would in one process); a parameter that has one somewhere gets zeros where it had none.
/// The MPI backend reduces CPU memory (CUDA gradients are staged through the host buffer); NCCL reduces on the GPU.
/// </summary>
public sealed class GradientSynchronizer(IProcessGroup group, double bucketMb) : IDisposable
{
    readonly long _bucketElements = Math.Max(1, (long)(bucketMb * 1024 * 1024 / sizeof(float)));
    Tensor? _buffer;

    /// <summary>Seconds spent in the last <see cref="Sum"/> (copies and collectives).</summary>
    public double LastSeconds { get; private set; }

    /// <summary>Collective calls made by the last <see cref="Sum"/> (gradient buckets plus the presence flags).</summary>
    public int LastCalls { get; private set; }

    /// <summary>Bytes of gradients reduced by the last <see cref="Sum"/>.</summary>
    public long LastBytes { get; private set; }

    public long BucketElements => _bucketElements;

    /// <summary>Sums the gradients of <paramref name="parameters"/> over all processes, in place (a collective).</summary>
    public void Sum(IReadOnlyList<Parameter> parameters)
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var flags = new long[parameters.Count];
        for (var i = 0; i < parameters.Count; i++) flags[i] = parameters[i].grad is null ? 0 : 1;
        group.AllReduceSum(flags);
        var calls = 1;
        var grads = new List<Tensor>();
        for (var i = 0; i < parameters.Count; i++)
        {
            if (flags[i] == 0) continue;
            var p = parameters[i];
            if (p.grad is null) p.grad = zeros_like(p).DetachFromDisposeScope();
            grads.Add(p.grad!);
        }
        if (grads.Count == 0) { Finish(clock, calls, 0); return; }
        var bufferDevice = group.Backend == "nccl" ? grads[0].device : CPU;
        var pending = new List<Tensor>();
        long filled = 0, bytes = 0;
        foreach (var g in grads)
        {
            var n = g.numel();
            bytes += n * sizeof(float);
            if (n >= _bucketElements && g.dtype == ScalarType.Float32 && g.is_contiguous() && g.device == bufferDevice)
            {
                calls += Flush(pending, filled, bufferDevice);
                filled = 0;
                group.AllReduceSum(g);
                calls++;
                continue;
            }
            if (filled > 0 && filled + n > _bucketElements)
            {
                calls += Flush(pending, filled, bufferDevice);
                filled = 0;
            }
            pending.Add(g);
            filled += n;
        }
        calls += Flush(pending, filled, bufferDevice);
        Finish(clock, calls, bytes);
    }

    void Finish(Stopwatch clock, int calls, long bytes) => (LastSeconds, LastCalls, LastBytes) = (clock.Elapsed.TotalSeconds, calls, bytes);

    int Flush(List<Tensor> pending, long filled, Device device)
    {
        if (pending.Count == 0) return 0;
        if (_buffer is null || _buffer.numel() < filled || _buffer.device != device)
        {
            _buffer?.Dispose();
            _buffer = empty(Math.Max(filled, _bucketElements), ScalarType.Float32, device).DetachFromDisposeScope();
        }
        var view = _buffer.narrow(0, 0, filled);
        long offset = 0;
        foreach (var g in pending)
        {
            view.narrow(0, offset, g.numel()).copy_(g.reshape(-1));
            offset += g.numel();
        }
        group.AllReduceSum(view);
        offset = 0;
        foreach (var g in pending)
        {
            g.copy_(view.narrow(0, offset, g.numel()).view_as(g));
            offset += g.numel();
        }
        pending.Clear();
        return 1;
    }

    public void Dispose()
    {
        _buffer?.Dispose();
        _buffer = null;
    }
}
