using System.Buffers.Binary;

namespace T0Sharp.Data.Tokenization.Normalization;

/// <summary>
/// SentencePiece's precompiled normalization rules (e.g. nmt_nfkc): a darts-clone double-array trie over UTF-8
/// byte strings whose values are offsets of NUL-terminated replacement strings. Layout of the blob:
/// <c>[u32 trie size in bytes][trie units (u32 each)][replacement strings]</c>. The same blob appears in a
/// <c>.model</c> file (NormalizerSpec.precompiled_charsmap) and base64-encoded in a tokenizer.json Precompiled normalizer.
/// </summary>
public sealed class PrecompiledCharsMap
{
    readonly uint[] _units;
    readonly byte[] _strings;

    public PrecompiledCharsMap(byte[] blob, string source)
    {
        if (blob.Length < 4) throw new InvalidDataException($"'{source}': precompiled charsmap is shorter than its 4-byte header");
        var trieBytes = BinaryPrimitives.ReadUInt32LittleEndian(blob);
        if (trieBytes % 4 != 0 || trieBytes > blob.Length - 4)
            throw new InvalidDataException($"'{source}': precompiled charsmap declares a trie of {trieBytes} bytes in a blob of {blob.Length}");
        _units = new uint[trieBytes / 4];
        for (var i = 0; i < _units.Length; i++) _units[i] = BinaryPrimitives.ReadUInt32LittleEndian(blob.AsSpan(4 + 4 * i));
        _strings = blob.AsSpan(4 + (int)trieBytes).ToArray();
    }

    public bool IsEmpty => _units.Length == 0;

    static bool HasLeaf(uint u) => ((u >> 8) & 1) == 1;
    static uint Value(uint u) => u & 0x7FFFFFFFu;
    static uint Label(uint u) => u & 0x800000FFu;
    static uint Offset(uint u) => (u >> 10) << (int)((u & (1u << 9)) >> 6);

    /// <summary>
    /// Finds the longest (<paramref name="longest"/> true: SentencePiece's normalizer) or the shortest (false: Hugging
    /// Face's Precompiled.transform) rule that is a prefix of <paramref name="key"/>. Returns the matched length in
    /// bytes (0 when none) and the replacement's offset.
    /// </summary>
    public int PrefixMatch(ReadOnlySpan<byte> key, bool longest, out int replacementOffset)
    {
        replacementOffset = -1;
        if (_units.Length == 0) return 0;
        var matched = 0;
        uint nodePos = Offset(_units[0]);
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c == 0) break;
            nodePos ^= c;
            if (nodePos >= _units.Length) break;
            var unit = _units[nodePos];
            if (Label(unit) != c) break;
            nodePos ^= Offset(unit);
            if (HasLeaf(unit))
            {
                if (nodePos >= _units.Length) break;
                replacementOffset = (int)Value(_units[nodePos]);
                matched = i + 1;
                if (!longest) break;
            }
        }
        return matched;
    }

    /// <summary>Whether any rule's key starts with byte <paramref name="b"/> (when not, the byte is copied as is).</summary>
    public bool HasRulesStartingWith(byte b)
    {
        if (_units.Length == 0 || b == 0) return false;
        var nodePos = Offset(_units[0]) ^ b;
        return nodePos < _units.Length && Label(_units[nodePos]) == b;
    }

    /// <summary>The NUL-terminated replacement at <paramref name="offset"/> (may be empty: the rule deletes).</summary>
    public ReadOnlySpan<byte> Replacement(int offset)
    {
        var tail = _strings.AsSpan(offset);
        var end = tail.IndexOf((byte)0);
        return end < 0 ? tail : tail[..end];
    }
}
