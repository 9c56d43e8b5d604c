using System.Buffers;
using System.Text;

namespace T0Sharp.Core;

/// <summary>
/// The one reader of line-based UTF-8 inputs (JSON lines, CSV, text): decoding is strict, so bytes that are not UTF-8
/// are a <see cref="UserError"/> naming the file and line (<c>FILE:LINE: not valid UTF-8 ...</c>) instead of silently
/// becoming U+FFFD. A leading BOM is skipped. Lines end at LF; one CR right before the LF belongs to the line ending
/// unless <c>keepCr</c>. A last line without LF counts; the empty string after a final LF does not. Streamed: the
/// file is never loaded whole.
/// </summary>
public static class Utf8Lines
{
    static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The lines of <paramref name="path"/> with their 1-based numbers.</summary>
    public static IEnumerable<(int Line, string Text)> Read(string path, bool keepCr = false)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return ReadExisting(path, keepCr);
    }

    static IEnumerable<(int Line, string Text)> ReadExisting(string path, bool keepCr)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var chunk = new byte[1 << 16];
        var line = new ArrayBufferWriter<byte>(1024);
        var lineNo = 0;
        var atFileStart = true;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            var pos = 0;
            if (atFileStart)
            {
                // A BOM split across reads happens only in a file shorter than 3 bytes; there it is text.
                if (chunk.AsSpan(0, read).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) pos = 3;
                atFileStart = false;
            }
            while (pos < read)
            {
                var nl = Array.IndexOf(chunk, (byte)'\n', pos, read - pos);
                if (nl < 0) { line.Write(chunk.AsSpan(pos, read - pos)); break; }
                line.Write(chunk.AsSpan(pos, nl - pos));
                pos = nl + 1;
                lineNo++;
                yield return (lineNo, Decode(line.WrittenSpan, path, lineNo, stripCr: !keepCr));
                line.ResetWrittenCount();
            }
        }
        if (line.WrittenCount > 0)
        {
            lineNo++;
            yield return (lineNo, Decode(line.WrittenSpan, path, lineNo, stripCr: false));
        }
    }

    /// <summary>A text reader over the file's lines (each followed by "\n"), for parsers that take a TextReader (CSV).</summary>
    public static TextReader OpenText(string path) => new LineTextReader(Read(path, keepCr: true).GetEnumerator());

    /// <summary>Decodes one line strictly; the error names the file, line and column of the first bad byte.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string path, int lineNo, bool stripCr = true)
    {
        if (stripCr && !bytes.IsEmpty && bytes[^1] == (byte)'\r') bytes = bytes[..^1];
        try { return Strict.GetString(bytes); }
        catch (DecoderFallbackException e)
        {
            var at = e.Index >= 0 ? $" at byte {e.Index + 1} of the line" : "";
            var bad = e.BytesUnknown is { Length: > 0 } b ? $" (0x{Convert.ToHexString(b)})" : "";
            throw new UserError($"{path}:{lineNo}: not valid UTF-8{bad}{at}; save the file as UTF-8", e);
        }
    }

    sealed class LineTextReader(IEnumerator<(int Line, string Text)> lines) : TextReader
    {
        string _current = "";
        int _pos;
        bool _done;

        bool Fill()
        {
            while (_pos >= _current.Length)
            {
                if (_done || !lines.MoveNext()) { _done = true; return false; }
                _current = lines.Current.Text + "\n";
                _pos = 0;
            }
            return true;
        }

        public override int Peek() => Fill() ? _current[_pos] : -1;
        public override int Read() => Fill() ? _current[_pos++] : -1;

        protected override void Dispose(bool disposing)
        {
            if (disposing) lines.Dispose();
            base.Dispose(disposing);
        }
    }
}
