using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Tests;

namespace T0Sharp.Models.Tests.Checkpoints;

/// <summary>Corrupt or hostile checkpoints: each a <see cref="CheckpointFormatException"/> naming the file (and tensor).</summary>
public class BadInputTests
{
    static byte[] Safetensors(string json, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    static CheckpointFormatException OpenFails(TempDir tmp, byte[] bytes, string fileName = "model.safetensors")
    {
        var path = tmp.File(fileName);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<CheckpointFormatException>(() => CheckpointReader.Open(tmp.Path).Dispose());
        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        return e;
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "a", "past the end")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "b", "overlap")]
    [InlineData("""{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}""", 8, "a", "unknown or unsupported dtype 'Q4'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "a", "needs 12 bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}""", 8, "a", "too large")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8, "a", "non-negative")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", 8, "a", "end before")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2]}}""", 8, "a", "data_offsets")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8, "a", "twice")]
    [InlineData("""{"a":[1,2]}""", 0, "a", "must be an object")]
    public void Safetensors_header_errors_name_the_tensor(string json, int dataBytes, string tensor, string problem)
    {
        using var tmp = TestPaths.NewTempDir();
        var e = OpenFails(tmp, Safetensors(json, dataBytes));
        Assert.Equal(tensor, e.TensorName);
        Assert.Contains(problem, e.Message);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":", "not valid JSON")]
    [InlineData("[1,2,3]", "must be a JSON object")]
    [InlineData("{\"__metadata__\":{\"format\":1}}", "must be a string")]
    public void Safetensors_header_json_errors(string json, string problem)
    {
        using var tmp = TestPaths.NewTempDir();
        Assert.Contains(problem, OpenFails(tmp, Safetensors(json, 0)).Message);
    }

    [Fact]
    public void Header_length_past_the_end_or_absurd_is_refused_without_allocating_it()
    {
        using var tmp = TestPaths.NewTempDir();
        var past = new byte[40];
        BinaryPrimitives.WriteUInt64LittleEndian(past, 1000);
        Assert.Contains("runs past the end", OpenFails(tmp, past).Message);
        var absurd = new byte[40];
        BinaryPrimitives.WriteUInt64LittleEndian(absurd, ulong.MaxValue - 3);
        Assert.Contains("absurd", OpenFails(tmp, absurd).Message);
        Assert.Contains("fewer than the 8-byte", OpenFails(tmp, [1, 2, 3]).Message);
    }

    [Fact]
    public void Truncated_fixture_names_a_tensor_past_the_end()
    {
        using var tmp = TestPaths.NewTempDir();
        var bytes = File.ReadAllBytes(Fixtures.File(Fixtures.BloomBf16, "model.safetensors"));
        var e = OpenFails(tmp, bytes[..(bytes.Length - 100)]);
        Assert.NotNull(e.TensorName);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Shard_index_errors_name_the_index_or_shard()
    {
        using var tmp = TestPaths.NewTempDir();
        var index = tmp.File("model.safetensors.index.json");
        File.WriteAllText(index, """{"metadata":{},"weight_map":{"a":"../etc/passwd"}}""");
        var e = Assert.Throws<CheckpointFormatException>(() => CheckpointReader.Open(tmp.Path));
        Assert.Contains("plain file name", e.Message);
        File.WriteAllText(index, """{"metadata":{},"weight_map":{"a":"model-00001-of-00001.safetensors"}}""");
        e = Assert.Throws<CheckpointFormatException>(() => CheckpointReader.Open(tmp.Path));
        Assert.Contains("does not exist", e.Message);
        File.WriteAllBytes(tmp.File("model-00001-of-00001.safetensors"), Safetensors("""{"b":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4));
        e = Assert.Throws<CheckpointFormatException>(() => CheckpointReader.Open(tmp.Path));
        Assert.Equal("a", e.TensorName);
        File.WriteAllText(index, "{not json");
        Assert.Contains("not valid JSON", Assert.Throws<CheckpointFormatException>(() => CheckpointReader.Open(tmp.Path)).Message);
    }

    [Fact]
    public void Folder_without_weights_lists_what_it_holds()
    {
        using var tmp = TestPaths.NewTempDir();
        File.WriteAllText(tmp.File("config.json"), "{}");
        File.WriteAllText(tmp.File("tf_model.h5"), "");
        var e = Assert.Throws<FileNotFoundException>(() => CheckpointReader.Open(tmp.Path));
        Assert.Contains("config.json, tf_model.h5", e.Message);
        Assert.Contains("model.safetensors", e.Message);
    }

    /// <summary>A torch.save-style zip whose data.pkl is <paramref name="pickle"/>, plus the given entries.</summary>
    internal static byte[] TorchZip(byte[] pickle, params (string Name, byte[] Data)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries.Prepend(("archive/data.pkl", pickle)))
            {
                using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
                s.Write(data);
            }
        }
        return ms.ToArray();
    }

    [Fact]
    public void Pickle_asking_for_another_global_is_refused_by_name()
    {
        using var tmp = TestPaths.NewTempDir();
        var evil = Convert.FromHexString("800263706f7369780a73797374656d0a710058020000006c73710185522e"); // posix.system("ls")
        var e = OpenFails(tmp, TorchZip(evil), "pytorch_model.bin");
        Assert.Contains("'posix.system'", e.Message);
        Assert.Contains("refusing", e.Message);
    }

    [Theory]
    [InlineData("80027d71002858010000006169002e", "opcode 0x69")] // INST
    [InlineData("80027d71005801000000614b01732e", "not a tensor")] // {'a': 1}
    [InlineData("80025d71002e", "not a state dict")] // []
    [InlineData("80027d710058ff00000061", "past the end")] // string length 255 in a 11-byte pickle
    [InlineData("80027d710068072e", "memo entry 7")]
    [InlineData("80027d7100580100000061", "ends at byte")] // no STOP
    public void Malformed_pickles_are_format_errors(string pickleHex, string problem)
    {
        using var tmp = TestPaths.NewTempDir();
        Assert.Contains(problem, OpenFails(tmp, TorchZip(Convert.FromHexString(pickleHex)), "pytorch_model.bin").Message);
    }

    [Fact]
    public void Missing_storage_entry_or_data_pkl_is_named()
    {
        using var tmp = TestPaths.NewTempDir();
        using var zip = ZipFile.OpenRead(MiniTorchSaveTests.MiniPath);
        var pkl = ReadEntry(zip, "mini/data.pkl");
        var e = OpenFails(tmp, TorchZip(pkl), "pytorch_model.bin");
        Assert.Equal("w", e.TensorName);
        Assert.Contains("archive/data/0", e.Message);
        Assert.Contains("no ARCHIVE/data.pkl", OpenFails(tmp, RenameEntry(TorchZip([])), "pytorch_model.bin").Message);
    }

    static byte[] RenameEntry(byte[] zipBytes)
    {
        // Rename "archive/data.pkl" to "archive/other.pk" in place (same length) in both local and central headers.
        var from = Encoding.ASCII.GetBytes("archive/data.pkl");
        var to = Encoding.ASCII.GetBytes("archive/other.pk");
        for (var i = 0; i + from.Length <= zipBytes.Length; i++)
            if (zipBytes.AsSpan(i, from.Length).SequenceEqual(from)) to.CopyTo(zipBytes, i);
        return zipBytes;
    }

    internal static byte[] ReadEntry(ZipArchive zip, string name)
    {
        using var s = zip.GetEntry(name)!.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    [Fact]
    public void Truncated_legacy_or_compressed_bins_are_format_errors()
    {
        using var tmp = TestPaths.NewTempDir();
        var bin = File.ReadAllBytes(Fixtures.File(Fixtures.T5Relu, "pytorch_model.bin"));
        Assert.Contains("truncated", OpenFails(tmp, bin[..(bin.Length / 2)], "pytorch_model.bin").Message);
        Assert.Contains("legacy", OpenFails(tmp, [0x80, 0x02, 0x8a, 0x0a, 0x6c], "pytorch_model.bin").Message);
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        using (var s = zip.CreateEntry("archive/data.pkl", CompressionLevel.Optimal).Open())
            s.Write(new byte[1000]);
        Assert.Contains("compressed", OpenFails(tmp, ms.ToArray(), "pytorch_model.bin").Message);
    }
}
