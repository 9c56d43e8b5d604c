using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace T0Sharp.Distributed;

/// <summary>The address of a tensor's first element, for the MPI and NCCL C APIs (TorchSharp exposes no data_ptr).</summary>
static class TensorMemory
{
    [DllImport("LibTorchSharp")] static extern IntPtr THSTensor_data(IntPtr handle);

    /// <summary>The data pointer of a contiguous tensor (valid while the tensor lives and is not resized).</summary>
    public static IntPtr DataPointer(Tensor t)
    {
        if (!t.is_contiguous()) throw new ArgumentException("collectives need a contiguous tensor");
        var p = THSTensor_data(t.Handle);
        if (p == IntPtr.Zero && t.numel() > 0) throw new InvalidOperationException("the tensor has no data pointer");
        return p;
    }
}
