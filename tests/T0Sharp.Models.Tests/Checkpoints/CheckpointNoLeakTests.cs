using T0Sharp.Models.Checkpoints;
using T0Sharp.Tests;
using TorchSharp;

namespace T0Sharp.Models.Tests.Checkpoints;

/// <summary>Loading, partial loading of shared storages and writing leave no live tensor handles behind.</summary>
public class CheckpointNoLeakTests
{
    static long Live => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    [Fact]
    public void Reading_and_writing_return_the_live_tensor_count_to_its_baseline()
    {
        using var tmp = TestPaths.NewTempDir();
        var baseline = Live;
        using (var probe = torch.ones(1)) Assert.Equal(baseline + 1, Live); // the counter sees tensors outside scopes
        foreach (var fixture in Fixtures.All)
        {
            using var ckpt = CheckpointReader.Open(Fixtures.Dir(fixture));
            foreach (var info in ckpt.Tensors) ckpt.Load(info.Name).Dispose();
        }
        using (var bin = CheckpointReader.Open(Fixtures.Dir(Fixtures.T5Relu)))
            bin.Load("shared.weight").Dispose(); // three sharers not loaded: the cache holds the storage until disposal
        Assert.Equal(baseline, Live);

        using (var ckpt = CheckpointReader.Open(Fixtures.Dir(Fixtures.BloomBf16)))
        {
            var tensors = ckpt.LoadAll().ToList();
            CheckpointWriter.Save(tmp.Path, tensors, TensorDType.BFloat16, maxShardBytes: 100_000);
            CheckpointWriter.Save(tmp.Path, tensors, TensorDType.Float16);
            foreach (var (_, t) in tensors) t.Dispose();
        }
        Assert.Equal(baseline, Live);
    }
}
