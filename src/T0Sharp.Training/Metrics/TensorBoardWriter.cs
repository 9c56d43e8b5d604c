using System.Buffers.Binary;
using System.Text;

namespace T0Sharp.Training.Metrics;

/// <summary>
/// Writes TensorBoard event files (scalar summaries only) without TensorFlow: TFRecord framing
/// (uint64 length, masked CRC-32C of the length, payload, masked CRC-32C of the payload) around
/// hand-encoded <c>Event</c> protobufs (wall_time = 1, step = 2, file_version = 3, summary = 5;
/// Summary.value = 1; Value.tag = 1, Value.simple_value = 2).
/// </summary>
public sealed class TensorBoardWriter : IDisposable
{
    static int _counter;
    readonly FileStream _file;
    public string FilePath { get; }

    public TensorBoardWriter(string logDir)
    {
        Directory.CreateDirectory(logDir);
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        FilePath = Path.Combine(logDir, $"events.out.tfevents.{seconds}.{Environment.MachineName}.{Environment.ProcessId}.{Interlocked.Increment(ref _counter)}");
        _file = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        WriteRecord(EncodeEvent(Now(), 0, fileVersion: "brain.Event:2", tag: null, value: 0));
    }

    public void AddScalar(string tag, double value, long step)
    {
        WriteRecord(EncodeEvent(Now(), step, fileVersion: null, tag: tag, value: (float)value));
    }

    public void Flush() => _file.Flush();

    static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    void WriteRecord(byte[] payload)
    {
        _file.Write(Frame(payload));
    }

    /// <summary>One TFRecord: length, masked CRC of the length bytes, payload, masked CRC of the payload.</summary>
    public static byte[] Frame(byte[] payload)
    {
        var rec = new byte[8 + 4 + payload.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(rec, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(8), Crc32C.Masked(rec.AsSpan(0, 8)));
        payload.CopyTo(rec, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(rec.AsSpan(12 + payload.Length), Crc32C.Masked(payload));
        return rec;
    }

    /// <summary>Encodes an Event with either a file_version or a single scalar summary value.</summary>
    public static byte[] EncodeEvent(double wallTime, long step, string? fileVersion, string? tag, float value)
    {
        using var ms = new MemoryStream();
        ms.WriteByte(0x09); // field 1, fixed64
        Span<byte> b8 = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(b8, wallTime);
        ms.Write(b8);
        if (step != 0) { ms.WriteByte(0x10); WriteVarint(ms, (ulong)step); } // field 2, varint
        if (fileVersion != null) WriteBytesField(ms, 3, Encoding.UTF8.GetBytes(fileVersion));
        if (tag != null)
        {
            using var val = new MemoryStream();
            WriteBytesField(val, 1, Encoding.UTF8.GetBytes(tag));
            val.WriteByte(0x15); // field 2, fixed32
            Span<byte> b4 = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(b4, value);
            val.Write(b4);
            using var summary = new MemoryStream();
            WriteBytesField(summary, 1, val.ToArray());
            WriteBytesField(ms, 5, summary.ToArray());
        }
        return ms.ToArray();
    }

    static void WriteBytesField(Stream s, int field, byte[] bytes)
    {
        WriteVarint(s, (ulong)(field << 3 | 2));
        WriteVarint(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80) { s.WriteByte((byte)(v | 0x80)); v >>= 7; }
        s.WriteByte((byte)v);
    }

    public void Dispose() { _file.Flush(flushToDisk: true); _file.Dispose(); }
}
