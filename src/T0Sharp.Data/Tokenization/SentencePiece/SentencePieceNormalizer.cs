using T0Sharp.Data.Tokenization.Normalization;
using T0Sharp.Data.Tokenization.Unigram;

namespace T0Sharp.Data.Tokenization.SentencePiece;

/// <summary>
/// SentencePiece's text normalizer, byte for byte as its C++ <c>Normalizer::Normalize</c>: at each position the
/// longest user-defined symbol or precompiled rule is applied (else one UTF-8 character is copied), leading,
/// trailing and repeated spaces are removed, a dummy-prefix space is added and spaces become U+2581 "▁".
/// </summary>
public sealed class SentencePieceNormalizer
{
    static readonly byte[] SpaceSymbol = [0xE2, 0x96, 0x81]; // ▁
    static readonly byte[] Replacement = [0xEF, 0xBF, 0xBD]; // U+FFFD
    static readonly byte[] AsciiSpace = [0x20];

    readonly PrecompiledCharsMap? _charsMap;
    readonly PieceTrie? _userDefined;
    readonly bool[] _asciiVerbatim = new bool[128]; // ASCII bytes no rule or user-defined symbol starts with
    readonly bool _addDummyPrefix, _removeExtraWhitespaces, _escapeWhitespaces, _treatWhitespaceAsSuffix;

    public SentencePieceNormalizer(SentencePieceModelProto model, PieceTrie? userDefinedSymbols, string source)
    {
        if (model.PrecompiledCharsMap.Length > 0) _charsMap = new PrecompiledCharsMap(model.PrecompiledCharsMap, source);
        _userDefined = userDefinedSymbols;
        _addDummyPrefix = model.AddDummyPrefix;
        _removeExtraWhitespaces = model.RemoveExtraWhitespaces;
        _escapeWhitespaces = model.EscapeWhitespaces;
        _treatWhitespaceAsSuffix = model.TreatWhitespaceAsSuffix;
        for (var b = 1; b < 128; b++)
            _asciiVerbatim[b] = b != ' ' && !(_charsMap?.HasRulesStartingWith((byte)b) ?? false)
                && (_userDefined == null || _userDefined.Child(0, (byte)b) < 0);
    }

    /// <summary>Normalizes UTF-8 <paramref name="input"/> into <paramref name="output"/> (cleared first).</summary>
    public void Normalize(ReadOnlySpan<byte> input, ByteBuffer output)
    {
        output.Clear();
        if (_removeExtraWhitespaces)
        {
            while (!input.IsEmpty)
            {
                var consumed = NormalizePrefix(input, out var piece);
                if (piece.Length != 1 || piece[0] != (byte)' ') break;
                input = input[consumed..];
            }
        }
        if (input.IsEmpty) return;

        var space = _escapeWhitespaces ? SpaceSymbol : AsciiSpace;
        if (_addDummyPrefix && !_treatWhitespaceAsSuffix) output.Append(space);
        var isPrevSpace = _removeExtraWhitespaces;
        while (!input.IsEmpty)
        {
            var first = input[0];
            if (first < 128 && _asciiVerbatim[first])
            {
                output.Append(first);
                isPrevSpace = false;
                input = input[1..];
                continue;
            }
            var consumed = NormalizePrefix(input, out var piece);
            if (isPrevSpace) while (!piece.IsEmpty && piece[0] == (byte)' ') piece = piece[1..];
            if (!piece.IsEmpty)
            {
                foreach (var b in piece)
                {
                    if (_escapeWhitespaces && b == (byte)' ') output.Append(SpaceSymbol);
                    else output.Append(b);
                }
                isPrevSpace = piece[^1] == (byte)' ';
            }
            input = input[consumed..];
            if (!_removeExtraWhitespaces) isPrevSpace = false;
        }
        if (_addDummyPrefix && _treatWhitespaceAsSuffix) output.Append(space);
        if (_removeExtraWhitespaces)
        {
            while (output.Length >= space.Length && output.Span[(output.Length - space.Length)..].SequenceEqual(space))
                output.Truncate(output.Length - space.Length);
        }
    }

    /// <summary>The replacement for the start of <paramref name="input"/>; returns how many bytes it consumes.</summary>
    int NormalizePrefix(ReadOnlySpan<byte> input, out ReadOnlySpan<byte> piece)
    {
        if (_userDefined != null)
        {
            var len = _userDefined.LongestPrefix(input);
            if (len > 0) { piece = input[..len]; return len; }
        }
        if (_charsMap != null)
        {
            var len = _charsMap.PrefixMatch(input, longest: true, out var offset);
            if (len > 0) { piece = _charsMap.Replacement(offset); return len; }
        }
        var charLen = Utf8.ValidCharLength(input);
        if (charLen == 0) { piece = Replacement; return 1; }
        piece = input[..charLen];
        return charLen;
    }
}
