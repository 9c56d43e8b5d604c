using System.Text;

namespace T0Sharp.Data.Tokenization.SentencePiece;

/// <summary>Kinds of piece in a SentencePiece model (sentencepiece_model.proto, <c>SentencePiece.Type</c>).</summary>
public enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 }

/// <summary>One vocabulary entry of a SentencePiece model.</summary>
public readonly record struct SentencePieceEntry(string Piece, float Score, PieceType Type);

/// <summary>
/// The parts of a SentencePiece <c>.model</c> file (a serialized <c>ModelProto</c>) that encoding and decoding need.
/// Read with a small protobuf wire-format reader, so no generated code or protobuf runtime is involved.
/// </summary>
public sealed record SentencePieceModelProto
{
    public required IReadOnlyList<SentencePieceEntry> Pieces { get; init; }
    /// <summary>TrainerSpec.model_type: 1 Unigram, 2 BPE, 3 word, 4 char.</summary>
    public int ModelType { get; init; } = 1;
    public int UnkId { get; init; }
    public int BosId { get; init; } = 1;
    public int EosId { get; init; } = 2;
    public int PadId { get; init; } = -1;
    public bool ByteFallback { get; init; }
    public bool TreatWhitespaceAsSuffix { get; init; }
    public string UnkSurface { get; init; } = " \u2047 ";
    public string NormalizerName { get; init; } = "";
    public byte[] PrecompiledCharsMap { get; init; } = [];
    public bool AddDummyPrefix { get; init; } = true;
    public bool RemoveExtraWhitespaces { get; init; } = true;
    public bool EscapeWhitespaces { get; init; } = true;

    /// <summary>Parses a serialized ModelProto; <paramref name="source"/> names the file in error messages.</summary>
    public static SentencePieceModelProto Parse(byte[] bytes, string source)
    {
        try { return ParseCore(bytes); }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"'{source}' is not a valid SentencePiece model file: {e.Message}", e);
        }
    }

    static SentencePieceModelProto ParseCore(byte[] bytes)
    {
        var pieces = new List<SentencePieceEntry>();
        var model = new SentencePieceModelProto { Pieces = pieces };
        var r = new ProtoReader(bytes, 0, bytes.Length);
        while (r.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2: pieces.Add(ReadPiece(r.Sub())); break;
                case 2 when wire == 2: model = ReadTrainer(r.Sub(), model); break;
                case 3 when wire == 2: model = ReadNormalizer(r.Sub(), model); break;
                default: r.Skip(wire); break;
            }
        }
        if (pieces.Count == 0) throw new FormatException("the model holds no pieces");
        return model;
    }

    static SentencePieceEntry ReadPiece(ProtoReader r)
    {
        string piece = ""; float score = 0; var type = PieceType.Normal;
        while (r.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2: piece = r.String(); break;
                case 2 when wire == 5: score = r.Fixed32Float(); break;
                case 3 when wire == 0: type = (PieceType)(int)r.Varint(); break;
                default: r.Skip(wire); break;
            }
        }
        return new SentencePieceEntry(piece, score, type);
    }

    static SentencePieceModelProto ReadTrainer(ProtoReader r, SentencePieceModelProto m)
    {
        while (r.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 3 when wire == 0: m = m with { ModelType = (int)r.Varint() }; break;
                case 24 when wire == 0: m = m with { TreatWhitespaceAsSuffix = r.Varint() != 0 }; break;
                case 35 when wire == 0: m = m with { ByteFallback = r.Varint() != 0 }; break;
                case 40 when wire == 0: m = m with { UnkId = (int)r.Varint() }; break;
                case 41 when wire == 0: m = m with { BosId = (int)r.Varint() }; break;
                case 42 when wire == 0: m = m with { EosId = (int)r.Varint() }; break;
                case 43 when wire == 0: m = m with { PadId = (int)r.Varint() }; break;
                case 44 when wire == 2: m = m with { UnkSurface = r.String() }; break;
                default: r.Skip(wire); break;
            }
        }
        return m;
    }

    static SentencePieceModelProto ReadNormalizer(ProtoReader r, SentencePieceModelProto m)
    {
        while (r.Next(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2: m = m with { NormalizerName = r.String() }; break;
                case 2 when wire == 2: m = m with { PrecompiledCharsMap = r.Bytes() }; break;
                case 3 when wire == 0: m = m with { AddDummyPrefix = r.Varint() != 0 }; break;
                case 4 when wire == 0: m = m with { RemoveExtraWhitespaces = r.Varint() != 0 }; break;
                case 5 when wire == 0: m = m with { EscapeWhitespaces = r.Varint() != 0 }; break;
                default: r.Skip(wire); break;
            }
        }
        return m;
    }

    /// <summary>Protobuf wire format: just enough to walk fields of a message.</summary>
    sealed class ProtoReader(byte[] buf, int pos, int end)
    {
        int _pos = pos;

        public bool Next(out int field, out int wire)
        {
            if (_pos >= end) { field = wire = 0; return false; }
            var key = Varint();
            field = (int)(key >> 3); wire = (int)(key & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong v = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_pos >= end) throw new FormatException("truncated varint");
                var b = buf[_pos++];
                v |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return v;
            }
            throw new FormatException("varint too long");
        }

        int Length()
        {
            var len = Varint();
            if (len > (ulong)(end - _pos)) throw new FormatException("length-delimited field runs past its message");
            return (int)len;
        }

        public ProtoReader Sub() { var len = Length(); var sub = new ProtoReader(buf, _pos, _pos + len); _pos += len; return sub; }
        public string String() { var len = Length(); var s = Encoding.UTF8.GetString(buf, _pos, len); _pos += len; return s; }
        public byte[] Bytes() { var len = Length(); var b = buf.AsSpan(_pos, len).ToArray(); _pos += len; return b; }

        public float Fixed32Float()
        {
            if (end - _pos < 4) throw new FormatException("truncated fixed32");
            var f = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(buf.AsSpan(_pos, 4)); _pos += 4; return f;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _pos += 8; break;
                case 2: { var len = Length(); _pos += len; break; }
                case 5: _pos += 4; break;
                default: throw new FormatException($"unsupported protobuf wire type {wire}");
            }
            if (_pos > end) throw new FormatException("field runs past its message");
        }
    }
}
