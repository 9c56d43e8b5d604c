using T0Sharp.Models.Checkpoints;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Checkpoints;

/// <summary>
/// Data/mini_torch_save.bin (tools/reference/make_mini_torch_save.py): every storage type, offsets, transposed
/// strides, a Parameter wrapper and the OrderedDict _metadata BUILD, with values known by construction.
/// </summary>
public class MiniTorchSaveTests
{
    internal static string MiniPath => TestPaths.RepoPath("tests", "T0Sharp.Models.Tests", "Checkpoints", "Data", "mini_torch_save.bin");

    static float[] Floats(Tensor t) => t.contiguous().data<float>().ToArray();

    [Fact]
    public void Lists_names_types_and_shapes_in_state_dict_order()
    {
        using var ckpt = CheckpointReader.Open(MiniPath);
        Assert.Equal(["w", "w_t", "row2", "p", "half", "bf16", "ids", "mask"], ckpt.Names);
        Assert.Equal(TensorDType.Float16, ckpt.Info("half").DType);
        Assert.Equal(TensorDType.BFloat16, ckpt.Info("bf16").DType);
        Assert.Equal(TensorDType.Int64, ckpt.Info("ids").DType);
        Assert.Equal(TensorDType.Bool, ckpt.Info("mask").DType);
        Assert.Equal(new long[] { 4, 3 }, ckpt.Info("w_t").Shape);
    }

    [Fact]
    public void Views_follow_offsets_and_strides()
    {
        using var ckpt = CheckpointReader.Open(MiniPath);
        using var w = ckpt.Load("w");
        using var wt = ckpt.Load("w_t");
        using var row2 = ckpt.Load("row2");
        using var p = ckpt.Load("p");
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i), Floats(w));
        Assert.Equal(new float[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, Floats(wt));
        Assert.Equal(new float[] { 8, 9, 10, 11 }, Floats(row2));
        Assert.Equal(new float[] { 4, 5 }, Floats(p));
        w.mul_(2); // all four view one storage
        Assert.Equal(new float[] { 16, 18, 20, 22 }, Floats(row2));
        Assert.Equal(new float[] { 8, 10 }, Floats(p));
    }

    [Fact]
    public void Half_types_upcast_exactly_and_integers_keep_their_type()
    {
        using var ckpt = CheckpointReader.Open(MiniPath);
        using var half = ckpt.Load("half");
        var expected = new[] { 0.5, -1.25, 65504.0, Math.Pow(2, -14), Math.Pow(2, -24), 1.0 / 3.0 }.Select(x => (float)(Half)x);
        Assert.Equal(expected, Floats(half));
        using var bf = ckpt.Load("bf16");
        Assert.Equal(new uint[] { 0x3F800000, 0xC2F70000, 0x00010000, 0x7F800000 }, Floats(bf).Select(BitConverter.SingleToUInt32Bits));
        using var ids = ckpt.Load("ids");
        Assert.Equal(ScalarType.Int64, ids.dtype);
        Assert.Equal(new long[] { 0, -1, 1L << 40, 7, 9 }, ids.data<long>().ToArray());
        using var mask = ckpt.Load("mask");
        Assert.Equal(new[] { true, false, true }, mask.data<bool>().ToArray());
        using var halfKept = ckpt.Load("half", floatType: ScalarType.Float16);
        Assert.Equal(ScalarType.Float16, halfKept.dtype);
    }
}
