using System.Buffers.Binary;
using System.IO.Compression;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Tests;

namespace T0Sharp.Models.Tests.Checkpoints;

/// <summary>
/// Deterministic fuzzing of the safetensors header parser, the pickle reader and the zip reader with mutations
/// and truncations of real fixture bytes: every outcome must be success or <see cref="CheckpointFormatException"/>.
/// </summary>
public class ParserFuzzTests
{
    static readonly byte[] Interesting = "{}[]\",:-0129 eE.\\"u8.ToArray().Concat(new byte[] { 0, 0x80, 0xff, 0x7f }).ToArray();

    /// <summary>One random mutation of <paramref name="src"/>, at positions in [<paramref name="lo"/>, <paramref name="hi"/>).</summary>
    static byte[] Mutate(Random rng, byte[] src, int hi, int lo = 0)
    {
        var b = (byte[])src.Clone();
        int Pos() => rng.Next(lo, Math.Min(hi, b.Length));
        switch (rng.Next(7))
        {
            case 0: // flip bits
                for (var i = rng.Next(1, 4); i > 0; i--) b[Pos()] ^= (byte)(1 << rng.Next(8));
                return b;
            case 1: // a syntax-significant byte
                for (var i = rng.Next(1, 3); i > 0; i--) b[Pos()] = Interesting[rng.Next(Interesting.Length)];
                return b;
            case 2: // truncate
                return b[..rng.Next(b.Length)];
            case 3: // delete a run
            {
                var at = Pos();
                var n = Math.Min(rng.Next(1, 16), b.Length - at);
                return [.. b[..at], .. b[(at + n)..]];
            }
            case 4: // duplicate a run
            {
                var at = Pos();
                var n = Math.Min(rng.Next(1, 32), b.Length - at);
                return [.. b[..(at + n)], .. b[at..]];
            }
            case 5: // a random 1, 2, 4 or 8-byte integer
            {
                var width = 1 << rng.Next(4);
                var at = Math.Min(Pos(), b.Length - width);
                if (at >= 0) rng.NextBytes(b.AsSpan(at, width));
                return b;
            }
            default: // random bytes over a run
            {
                var at = Pos();
                rng.NextBytes(b.AsSpan(at, Math.Min(rng.Next(1, 8), b.Length - at)));
                return b;
            }
        }
    }

    [Fact]
    public void Safetensors_header_parser_survives_mutations()
    {
        var src = File.ReadAllBytes(Fixtures.File(Fixtures.Mt0Sharded, "model-00002-of-00003.safetensors"));
        var headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(src);
        var head = src[..headerEnd];
        var dataLength = src.Length - headerEnd;
        var rng = new Random(20261124);
        int ok = 0, refused = 0;
        for (var i = 0; i < 4000; i++)
        {
            // Mutate the length field and JSON; the data buffer is only a length here (sometimes cut short).
            var b = Mutate(rng, head, head.Length);
            var fileLength = b.Length + (i % 5 == 0 ? rng.Next(dataLength) : dataLength);
            try
            {
                var first8 = new byte[8];
                b.AsSpan(0, Math.Min(8, b.Length)).CopyTo(first8);
                var n = SafetensorsHeader.ReadHeaderLength(first8, fileLength, "fuzz");
                if (8 + n > b.Length) continue; // the JSON would run into the data: covered by the file-level fuzz
                var header = SafetensorsHeader.Parse(b.AsMemory(8, (int)n), fileLength, "fuzz");
                Assert.All(header.Entries, e => Assert.InRange(e.FileOffset + e.Info.ByteCount, 0, fileLength));
                ok++;
            }
            catch (CheckpointFormatException) { refused++; }
        }
        Assert.True(ok > 50 && refused > 1000, $"ok {ok}, refused {refused}: the mutations should both keep and break files");
    }

    [Fact]
    public void Safetensors_files_open_and_load_or_fail_cleanly()
    {
        using var tmp = TestPaths.NewTempDir();
        var src = File.ReadAllBytes(Fixtures.File(Fixtures.BloomBf16, "model.safetensors"))[..6000]; // header + a few tensors
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(src);
        var rng = new Random(7);
        var path = tmp.File("model.safetensors");
        for (var i = 0; i < 300; i++)
        {
            File.WriteAllBytes(path, Mutate(rng, src, 8 + n));
            try
            {
                using var f = SafetensorsFile.Open(path);
                foreach (var t in f.Tensors) f.Load(t.Name).Dispose();
            }
            catch (CheckpointFormatException) { }
        }
    }

    static byte[] DataPkl(string bin)
    {
        using var zip = ZipFile.OpenRead(bin);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal));
        return BadInputTests.ReadEntry(zip, entry.FullName);
    }

    [Fact]
    public void Pickle_reader_survives_mutations()
    {
        var sources = new[] { DataPkl(Fixtures.File(Fixtures.T5Relu, "pytorch_model.bin")), DataPkl(MiniTorchSaveTests.MiniPath) };
        var rng = new Random(42);
        int ok = 0, refused = 0;
        for (var i = 0; i < 4000; i++)
        {
            var src = sources[i % 2];
            try
            {
                PyTorchCheckpointFile.ParseStateDict("fuzz", Mutate(rng, src, src.Length));
                ok++;
            }
            catch (CheckpointFormatException) { refused++; }
        }
        Assert.True(ok > 50 && refused > 1000, $"ok {ok}, refused {refused}");
    }

    [Fact]
    public void Torch_zip_archives_open_and_load_or_fail_cleanly()
    {
        using var tmp = TestPaths.NewTempDir();
        var src = File.ReadAllBytes(MiniTorchSaveTests.MiniPath);
        var rng = new Random(99);
        var path = tmp.File("pytorch_model.bin");
        int ok = 0;
        for (var i = 0; i < 1000; i++)
        {
            // Half the mutations hit the central directory at the end, the rest anywhere.
            var b = Mutate(rng, src, src.Length, i % 2 == 0 ? 0 : src.Length - 200);
            File.WriteAllBytes(path, b);
            try
            {
                using var ckpt = CheckpointReader.Open(path);
                foreach (var t in ckpt.Tensors) ckpt.Load(t.Name).Dispose();
                ok++;
            }
            catch (CheckpointFormatException) { }
        }
        Assert.True(ok > 20, $"ok {ok}");
    }
}
