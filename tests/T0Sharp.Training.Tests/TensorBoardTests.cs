using System.Buffers.Binary;
using System.Text;
using T0Sharp.Training.Metrics;
using Xunit;

namespace T0Sharp.Training.Tests;

public class TensorBoardTests
{
    [Fact]
    public void Crc32C_matches_published_check_values()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));                           // RFC 3720 B.4
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0xC78AB0E5u, Crc32C.Masked(Encoding.ASCII.GetBytes("123456789")));   // rotr15 + 0xa282ead8
    }

    [Fact]
    public void Records_are_framed_with_masked_crcs_and_scalars_encode_as_protobuf()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        string file;
        using (var w = new TensorBoardWriter(dir.Path))
        {
            w.AddScalar("train/loss", 2.5, 7);
            file = w.FilePath;
        }
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(file));
        var bytes = File.ReadAllBytes(file);
        var records = new List<byte[]>();
        for (var pos = 0; pos < bytes.Length;)
        {
            var len = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(pos));
            Assert.Equal(Crc32C.Masked(bytes.AsSpan(pos, 8)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 8)));
            var payload = bytes.AsSpan(pos + 12, len).ToArray();
            Assert.Equal(Crc32C.Masked(payload), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 12 + len)));
            records.Add(payload);
            pos += 16 + len;
        }
        Assert.Equal(2, records.Count);
        Assert.Contains("brain.Event:2", Encoding.ASCII.GetString(records[0]));
        // Second event: wall_time (tag 0x09 + 8 bytes), step (0x10 0x07), summary (0x2a len (0x0a len (0x0a 10 "train/loss" 0x15 float))).
        var e = records[1];
        Assert.Equal(0x09, e[0]);
        Assert.Equal(new byte[] { 0x10, 0x07, 0x2A, 0x13, 0x0A, 0x11, 0x0A, 0x0A }, e[9..17]);
        Assert.Equal("train/loss", Encoding.ASCII.GetString(e, 17, 10));
        Assert.Equal(0x15, e[27]);
        Assert.Equal(2.5f, BinaryPrimitives.ReadSingleLittleEndian(e.AsSpan(28)));
        Assert.Equal(32, e.Length);
    }
}
