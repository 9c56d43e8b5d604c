using T0Sharp.Training.Checkpoints;
using Xunit;
using static TorchSharp.torch;

namespace T0Sharp.Training.Tests;

public class CheckpointStorageTests
{
    [Fact]
    public void Tensor_archive_round_trips_bit_exactly()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        var f = tensor(new[] { 1.5f, float.Epsilon, -0.0f, 3e38f }, [2, 2]);
        var l = tensor(new long[] { long.MaxValue, -1 });
        var u = tensor(new byte[] { 0, 255, 7 });
        TensorArchive.Write(dir.File("a.safetensors"), new Dictionary<string, Tensor> { ["f"] = f, ["l"] = l, ["u"] = u });
        var back = TensorArchive.Read(dir.File("a.safetensors"));
        Assert.Equal(new long[] { 2, 2 }, back["f"].shape);
        Assert.Equal(f.bytes.ToArray(), back["f"].bytes.ToArray());
        Assert.Equal(l.data<long>().ToArray(), back["l"].data<long>().ToArray());
        Assert.Equal(u.data<byte>().ToArray(), back["u"].data<byte>().ToArray());
    }

    [Fact]
    public void Corrupt_archive_is_a_clear_error_naming_the_file()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        var path = dir.File("bad.safetensors");
        File.WriteAllBytes(path, [0xFF, 0xFF, 0, 0, 0, 0, 0, 0, (byte)'{']);
        var e = Assert.Throws<InvalidDataException>(() => TensorArchive.Read(path));
        Assert.Contains("bad.safetensors", e.Message);
        TensorArchive.Write(path, new Dictionary<string, Tensor> { ["x"] = zeros(4) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]); // truncated data
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => TensorArchive.Read(path)).Message);
    }

    [Fact]
    public void Only_complete_checkpoints_count_and_the_newest_K_are_kept()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        var m = new CheckpointManager(dir.Path, keepLast: 2);
        foreach (var step in new[] { 5, 10, 15 })
            m.Save(step, d => File.WriteAllText(Path.Combine(d, CheckpointManager.StateFile), "{}"));
        Assert.Equal(new long[] { 10, 15 }, m.List().Select(x => x.Step));

        // A hard kill mid-save leaves a hidden temporary folder (and maybe a step folder without the state file).
        var partial = Path.Combine(m.Root, ".tmp-step-000020-deadbeef");
        Directory.CreateDirectory(partial);
        File.WriteAllText(Path.Combine(partial, CheckpointManager.StateFile), "{\"step\": 20");
        Directory.CreateDirectory(Path.Combine(m.Root, "step-000025"));
        Assert.EndsWith("step-000015", m.Latest());
        Assert.Equal(1, m.CleanupTemporary());
        Assert.False(Directory.Exists(partial));
    }

    [Fact]
    public void A_failing_writer_leaves_no_checkpoint_behind()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        var m = new CheckpointManager(dir.Path, keepLast: 0);
        m.Save(1, d => File.WriteAllText(Path.Combine(d, CheckpointManager.StateFile), "{}"));
        Assert.Throws<IOException>(() => m.Save(2, d => { File.WriteAllText(Path.Combine(d, "x"), "x"); throw new IOException("disk full"); }));
        Assert.Single(m.List());
        Assert.DoesNotContain(Directory.GetDirectories(m.Root), d => Path.GetFileName(d).StartsWith('.'));
    }
}
