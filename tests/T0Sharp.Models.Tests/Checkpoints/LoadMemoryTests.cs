using T0Sharp.Models.Checkpoints;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Checkpoints;

/// <summary>Loading reads into native tensor memory: the managed heap sees only headers and small buffers.</summary>
public class LoadMemoryTests
{
    static long ManagedBytesWhile(Action action)
    {
        action(); // warm up: JIT, TorchSharp statics, the pooled conversion buffer
        var before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Theory]
    [InlineData(Fixtures.T0GatedGelu, "model.safetensors")]
    [InlineData(Fixtures.BloomBf16, "model.safetensors")]
    [InlineData(Fixtures.T5Relu, "pytorch_model.bin")]
    public void Loading_a_checkpoint_allocates_a_small_fraction_of_its_size_on_the_managed_heap(string fixture, string file)
    {
        var size = new FileInfo(Fixtures.File(fixture, file)).Length;
        var allocated = ManagedBytesWhile(() =>
        {
            using var ckpt = CheckpointReader.Open(Fixtures.Dir(fixture));
            foreach (var info in ckpt.Tensors) ckpt.Load(info.Name).Dispose();
        });
        // A byte[] copy of the file (or of any large tensor) would exceed this at once.
        Assert.True(allocated < size / 4, $"{allocated} managed bytes allocated to load {size} bytes");
    }

    [Fact]
    public void LoadInto_fills_parameters_in_place_with_exact_values()
    {
        using var ckpt = CheckpointReader.Open(Fixtures.Dir(Fixtures.BloomBf16));
        using var scope = NewDisposeScope();
        var target = zeros(ckpt.Info("word_embeddings.weight").Shape).requires_grad_(true);
        var allocated = ManagedBytesWhile(() => ckpt.LoadInto("word_embeddings.weight", target));
        Assert.True(allocated < 64 * 1024, $"{allocated} managed bytes");
        Assert.True(target.eq(ckpt.Load("word_embeddings.weight")).all().item<bool>());
        Assert.True(target.requires_grad);

        var strided = zeros(ckpt.Info("h.0.self_attention.dense.weight").Shape.Reverse().ToArray()).t(); // not contiguous
        ckpt.LoadInto("h.0.self_attention.dense.weight", strided);
        Assert.True(strided.eq(ckpt.Load("h.0.self_attention.dense.weight")).all().item<bool>());

        var wrongShape = zeros(3, 3);
        var e = Assert.Throws<ArgumentException>(() => ckpt.LoadInto("ln_f.weight", wrongShape));
        Assert.Contains("ln_f.weight", e.Message);
    }

    [Fact]
    public void LoadInto_from_a_pickle_checkpoint_copies_values()
    {
        using var ckpt = CheckpointReader.Open(MiniTorchSaveTests.MiniPath);
        using var scope = NewDisposeScope();
        var target = zeros(4, 3, dtype: ScalarType.Float64);
        ckpt.LoadInto("w_t", target);
        Assert.Equal(new double[] { 0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11 }, target.data<double>().ToArray());
    }
}
