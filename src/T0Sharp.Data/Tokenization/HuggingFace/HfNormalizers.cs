using System.Globalization;
using System.Text;
using T0Sharp.Data.Tokenization.Normalization;

namespace T0Sharp.Data.Tokenization.HuggingFace;

/// <summary>A tokenizer.json <c>normalizer</c>: rewrites text before pre-tokenization.</summary>
public interface IHfNormalizer
{
    string Normalize(string text);
}

/// <summary><c>Sequence</c>: applies normalizers in order.</summary>
public sealed class HfSequenceNormalizer(IReadOnlyList<IHfNormalizer> parts) : IHfNormalizer
{
    public string Normalize(string text)
    {
        foreach (var p in parts) text = p.Normalize(text);
        return text;
    }
}

/// <summary><c>NFC</c>, <c>NFD</c>, <c>NFKC</c>, <c>NFKD</c>.</summary>
public sealed class HfUnicodeNormalizer(NormalizationForm form) : IHfNormalizer
{
    public string Normalize(string text) => text.IsNormalized(form) ? text : text.Normalize(form);
}

/// <summary><c>Lowercase</c> (Unicode, culture-invariant).</summary>
public sealed class HfLowercaseNormalizer : IHfNormalizer
{
    public string Normalize(string text) => text.ToLowerInvariant();
}

/// <summary><c>Replace</c> with a literal string pattern.</summary>
public sealed class HfReplaceNormalizer(string pattern, string content) : IHfNormalizer
{
    public string Normalize(string text) => pattern.Length == 0 ? text : text.Replace(pattern, content, StringComparison.Ordinal);
}

/// <summary><c>Replace</c> with a regex pattern.</summary>
public sealed class HfRegexReplaceNormalizer(System.Text.RegularExpressions.Regex regex, string content) : IHfNormalizer
{
    public string Normalize(string text) => regex.Replace(text, content.Replace("$", "$$"));
}

/// <summary><c>Prepend</c>: adds a prefix to non-empty text.</summary>
public sealed class HfPrependNormalizer(string prefix) : IHfNormalizer
{
    public string Normalize(string text) => text.Length == 0 ? text : prefix + text;
}

/// <summary><c>Strip</c>: trims whitespace on either side.</summary>
public sealed class HfStripNormalizer(bool left, bool right) : IHfNormalizer
{
    public string Normalize(string text) => left && right ? text.Trim() : left ? text.TrimStart() : right ? text.TrimEnd() : text;
}

/// <summary>
/// <c>Precompiled</c>: SentencePiece's charsmap applied as Hugging Face's spm_precompiled does, which is not what
/// SentencePiece does: text is walked by grapheme cluster; a cluster shorter than 6 UTF-8 bytes is replaced as a
/// whole by the replacement of the SHORTEST rule that prefixes it; otherwise each character is looked up alone.
/// No whitespace handling here (that is the pre-tokenizer's job in tokenizer.json).
/// </summary>
public sealed class HfPrecompiledNormalizer : IHfNormalizer
{
    readonly PrecompiledCharsMap _map;
    readonly string?[] _ascii = new string?[128]; // replacement of each lone ASCII character (null: unchanged)

    public HfPrecompiledNormalizer(PrecompiledCharsMap map)
    {
        _map = map;
        for (var c = 1; c < 128; c++) _ascii[c] = Transform([(byte)c]);
    }

    string? Transform(ReadOnlySpan<byte> utf8) =>
        _map.PrefixMatch(utf8, longest: false, out var offset) > 0 ? Encoding.UTF8.GetString(_map.Replacement(offset)) : null;

    public string Normalize(string text)
    {
        StringBuilder? sb = null; // allocated on the first change
        Span<byte> buf = stackalloc byte[64];
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            // Fast path: an ASCII character followed by ASCII (or the end) is a grapheme of its own, except CR LF.
            if (c < 128 && (i + 1 == text.Length || (text[i + 1] < 128 && !(c == '\r' && text[i + 1] == '\n'))))
            {
                var rep = c == 0 ? null : _ascii[c];
                if (rep != null) (sb ??= Start(text, i)).Append(rep);
                else sb?.Append(c);
                i++;
                continue;
            }
            var len = StringInfo.GetNextTextElementLength(text.AsSpan(i));
            var grapheme = text.AsSpan(i, len);
            var byteLen = Encoding.UTF8.GetByteCount(grapheme);
            if (byteLen < 6)
            {
                var n = Encoding.UTF8.GetBytes(grapheme, buf);
                var whole = Transform(buf[..n]);
                if (whole != null) { (sb ??= Start(text, i)).Append(whole); i += len; continue; }
            }
            for (var j = 0; j < len;)
            {
                var runeLen = char.IsHighSurrogate(grapheme[j]) && j + 1 < len && char.IsLowSurrogate(grapheme[j + 1]) ? 2 : 1;
                var n = Encoding.UTF8.GetBytes(grapheme.Slice(j, runeLen), buf);
                var rep = Transform(buf[..n]);
                if (rep != null) (sb ??= Start(text, i + j)).Append(rep);
                else sb?.Append(grapheme.Slice(j, runeLen));
                j += runeLen;
            }
            i += len;
        }
        return sb?.ToString() ?? text;
    }

    static StringBuilder Start(string text, int upTo) => new StringBuilder(text.Length + 16).Append(text, 0, upTo);
}
