using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace T0Sharp.Models.Checkpoints;

/// <summary>One stored (uncompressed) zip entry: where its bytes lie in the archive file.</summary>
internal sealed record ZipEntry(string Name, long DataOffset, long Size);

/// <summary>
/// The central directory of a zip archive as torch.save writes it (entries stored, not compressed; ZIP64 for
/// archives past 4 GiB), read with positional reads so entry data can be loaded in place without extraction.
/// </summary>
internal static class ZipDirectory
{
    const uint EndSignature = 0x06054b50, Zip64EndSignature = 0x06064b50, Zip64LocatorSignature = 0x07064b50;
    const uint CentralSignature = 0x02014b50, LocalSignature = 0x04034b50;
    const long MaxCentralDirectory = 256L << 20;

    /// <summary>Reads every entry; corrupt structure gives <see cref="CheckpointFormatException"/> naming <paramref name="path"/>.</summary>
    public static Dictionary<string, ZipEntry> Read(SafeFileHandle file, string path)
    {
        var length = RandomAccess.GetLength(file);
        var tailLength = (int)Math.Min(length, 22 + 65535);
        var tail = new byte[tailLength];
        TensorReading.ReadExactly(file, path, "(zip directory)", tail, length - tailLength);
        var eocd = -1;
        for (var i = tailLength - 22; i >= 0; i--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndSignature) { eocd = i; break; }
        if (eocd < 0) throw Bad(path, "no zip end-of-central-directory record: the file is truncated or not a zip archive");

        long count = BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(eocd + 10));
        long cdSize = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd + 12));
        long cdOffset = BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(eocd + 16));
        if (count == 0xffff || cdSize == 0xffffffff || cdOffset == 0xffffffff)
            (count, cdSize, cdOffset) = ReadZip64End(file, path, length - tailLength + eocd, length);
        if (cdSize < 0 || cdSize > MaxCentralDirectory || cdOffset < 0 || cdOffset > length - cdSize)
            throw Bad(path, $"zip central directory [{cdOffset}, +{cdSize}] lies outside the file ({length} bytes)");

        var cd = new byte[cdSize];
        TensorReading.ReadExactly(file, path, "(zip directory)", cd, cdOffset);
        var entries = new Dictionary<string, ZipEntry>(StringComparer.Ordinal);
        var pos = 0;
        for (long e = 0; e < count; e++)
        {
            if (pos > cd.Length - 46 || BinaryPrimitives.ReadUInt32LittleEndian(cd.AsSpan(pos)) != CentralSignature)
                throw Bad(path, $"zip central directory entry {e} is corrupt");
            var method = BinaryPrimitives.ReadUInt16LittleEndian(cd.AsSpan(pos + 10));
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(cd.AsSpan(pos + 20));
            long size = BinaryPrimitives.ReadUInt32LittleEndian(cd.AsSpan(pos + 24));
            int nameLen = BinaryPrimitives.ReadUInt16LittleEndian(cd.AsSpan(pos + 28));
            int extraLen = BinaryPrimitives.ReadUInt16LittleEndian(cd.AsSpan(pos + 30));
            int commentLen = BinaryPrimitives.ReadUInt16LittleEndian(cd.AsSpan(pos + 32));
            long local = BinaryPrimitives.ReadUInt32LittleEndian(cd.AsSpan(pos + 42));
            if (pos + 46 + nameLen + extraLen + commentLen > cd.Length) throw Bad(path, $"zip central directory entry {e} is truncated");
            var name = Encoding.UTF8.GetString(cd, pos + 46, nameLen);
            ApplyZip64Extra(cd.AsSpan(pos + 46 + nameLen, extraLen), ref size, ref compressed, ref local);
            pos += 46 + nameLen + extraLen + commentLen;
            if (method != 0)
                throw Bad(path, $"zip entry '{name}' is compressed (method {method}); torch.save stores entries uncompressed");
            if (size != compressed) throw Bad(path, $"zip entry '{name}' has inconsistent sizes");
            entries[name] = new ZipEntry(name, DataOffset(file, path, name, local, size, length), size);
        }
        return entries;
    }

    static (long Count, long Size, long Offset) ReadZip64End(SafeFileHandle file, string path, long eocdAt, long length)
    {
        if (eocdAt < 20) throw Bad(path, "ZIP64 locator missing");
        var loc = new byte[20];
        TensorReading.ReadExactly(file, path, "(zip directory)", loc, eocdAt - 20);
        if (BinaryPrimitives.ReadUInt32LittleEndian(loc) != Zip64LocatorSignature) throw Bad(path, "ZIP64 locator missing");
        var recAt = (long)BinaryPrimitives.ReadUInt64LittleEndian(loc.AsSpan(8));
        if (recAt < 0 || recAt > length - 56) throw Bad(path, "ZIP64 end record lies outside the file");
        var rec = new byte[56];
        TensorReading.ReadExactly(file, path, "(zip directory)", rec, recAt);
        if (BinaryPrimitives.ReadUInt32LittleEndian(rec) != Zip64EndSignature) throw Bad(path, "ZIP64 end record is corrupt");
        return ((long)BinaryPrimitives.ReadUInt64LittleEndian(rec.AsSpan(32)),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(rec.AsSpan(40)),
            (long)BinaryPrimitives.ReadUInt64LittleEndian(rec.AsSpan(48)));
    }

    /// <summary>The ZIP64 extra field (id 1) carries, in order, each 32-bit field that was saturated.</summary>
    static void ApplyZip64Extra(ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long local)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int len = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (len > extra.Length - 4) return;
            var body = extra.Slice(4, len);
            if (id == 1)
            {
                var p = 0;
                if (size == 0xffffffff && p + 8 <= len) { size = (long)BinaryPrimitives.ReadUInt64LittleEndian(body[p..]); p += 8; }
                if (compressed == 0xffffffff && p + 8 <= len) { compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(body[p..]); p += 8; }
                if (local == 0xffffffff && p + 8 <= len) local = (long)BinaryPrimitives.ReadUInt64LittleEndian(body[p..]);
            }
            extra = extra[(4 + len)..];
        }
    }

    static long DataOffset(SafeFileHandle file, string path, string name, long local, long size, long length)
    {
        if (local < 0 || local > length - 30) throw Bad(path, $"zip entry '{name}' has its header outside the file");
        Span<byte> header = stackalloc byte[30];
        TensorReading.ReadExactly(file, path, name, header, local);
        if (BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalSignature) throw Bad(path, $"zip entry '{name}' has a corrupt local header");
        var start = local + 30 + BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        if (size < 0 || start > length - size)
            throw Bad(path, $"zip entry '{name}' ({size} bytes at {start}) runs past the end of the file ({length} bytes): the file is truncated");
        return start;
    }

    static CheckpointFormatException Bad(string path, string problem) => new(path, null, problem);
}
