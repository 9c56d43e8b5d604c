using System.Text;
using System.Text.RegularExpressions;

namespace T0Sharp.Data.Tokenization.HuggingFace;

/// <summary>A tokenizer.json <c>pre_tokenizer</c>: splits normalized text into words the model encodes separately.</summary>
public interface IHfPreTokenizer
{
    /// <summary>Splits each element of <paramref name="splits"/>; <paramref name="atTextStart"/> says whether the
    /// first split starts the whole input (Metaspace's <c>prepend_scheme: first</c> needs it).</summary>
    List<string> PreTokenize(List<string> splits, bool atTextStart);
}

/// <summary><c>Sequence</c>: applies pre-tokenizers in order.</summary>
public sealed class HfSequencePreTokenizer(IReadOnlyList<IHfPreTokenizer> parts) : IHfPreTokenizer
{
    public List<string> PreTokenize(List<string> splits, bool atTextStart)
    {
        foreach (var p in parts) splits = p.PreTokenize(splits, atTextStart);
        return splits;
    }
}

/// <summary><c>WhitespaceSplit</c>: splits on runs of Unicode whitespace, dropping them.</summary>
public sealed class HfWhitespaceSplit : IHfPreTokenizer
{
    public List<string> PreTokenize(List<string> splits, bool atTextStart)
    {
        var result = new List<string>();
        foreach (var s in splits)
        {
            var start = -1;
            for (var i = 0; i <= s.Length; i++)
            {
                var ws = i == s.Length || char.IsWhiteSpace(s[i]);
                if (ws && start >= 0) { result.Add(s.Substring(start, i - start)); start = -1; }
                else if (!ws && start < 0) start = i;
            }
        }
        return result;
    }
}

/// <summary>How Metaspace adds the replacement character before a word.</summary>
public enum PrependScheme { Always, First, Never }

/// <summary>
/// <c>Metaspace</c>: spaces become <c>▁</c>, a <c>▁</c> is prepended (always, only to the first word, or never;
/// the old schema's <c>add_prefix_space: true</c> means always) and, when <c>split</c> is on, words are split
/// before each <c>▁</c>.
/// </summary>
public sealed class HfMetaspace(char replacement, PrependScheme scheme, bool split) : IHfPreTokenizer
{
    public List<string> PreTokenize(List<string> splits, bool atTextStart)
    {
        var result = new List<string>(splits.Count);
        for (var k = 0; k < splits.Count; k++)
        {
            var s = splits[k].Replace(' ', replacement);
            var prepend = scheme == PrependScheme.Always || (scheme == PrependScheme.First && k == 0 && atTextStart);
            if (prepend && !s.StartsWith(replacement)) s = replacement + s;
            if (!split) { result.Add(s); continue; }
            var start = 0;
            for (var i = 1; i < s.Length; i++)
                if (s[i] == replacement) { result.Add(s.Substring(start, i - start)); start = i; }
            if (s.Length > start) result.Add(s.Substring(start));
        }
        return result;
    }
}

/// <summary>Split behaviours of the <c>Split</c> pre-tokenizer (what happens to the matched delimiter).</summary>
public enum SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext }

/// <summary><c>Split</c>: splits on a regex or string pattern (BLOOM uses an Isolated regex split).</summary>
public sealed class HfSplit(Regex pattern, SplitBehavior behavior, bool invert) : IHfPreTokenizer
{
    public List<string> PreTokenize(List<string> splits, bool atTextStart)
    {
        var result = new List<string>();
        foreach (var s in splits) SplitOne(s, result);
        return result;
    }

    void SplitOne(string s, List<string> result)
    {
        // Pieces as (start, length, isMatch); invert swaps which pieces count as delimiters.
        var pieces = new List<(int Start, int Length, bool Match)>();
        var pos = 0;
        for (var m = pattern.Match(s); m.Success; m = m.NextMatch())
        {
            if (m.Length == 0) continue;
            if (m.Index > pos) pieces.Add((pos, m.Index - pos, invert));
            pieces.Add((m.Index, m.Length, !invert));
            pos = m.Index + m.Length;
        }
        if (pos < s.Length) pieces.Add((pos, s.Length - pos, invert));

        var pendingStart = -1; // MergedWithNext: delimiter waiting for the next piece
        for (var i = 0; i < pieces.Count; i++)
        {
            var (start, length, isDelim) = pieces[i];
            switch (behavior)
            {
                case SplitBehavior.Removed:
                    if (!isDelim) result.Add(s.Substring(start, length));
                    break;
                case SplitBehavior.Isolated:
                    result.Add(s.Substring(start, length));
                    break;
                case SplitBehavior.MergedWithPrevious:
                    if (isDelim && result.Count > 0 && i > 0) result[^1] += s.Substring(start, length);
                    else result.Add(s.Substring(start, length));
                    break;
                case SplitBehavior.MergedWithNext:
                    if (isDelim) { if (pendingStart < 0) pendingStart = start; }
                    else { var from = pendingStart >= 0 ? pendingStart : start; result.Add(s.Substring(from, start + length - from)); pendingStart = -1; }
                    break;
            }
        }
        if (pendingStart >= 0) result.Add(s.Substring(pendingStart));
    }
}

/// <summary>
/// <c>ByteLevel</c>: optionally prepends a space and splits with GPT-2's regex, then maps every UTF-8 byte to a
/// printable character (<see cref="ByteLevelAlphabet"/>) so BPE works on bytes.
/// </summary>
public sealed class HfByteLevel(bool addPrefixSpace, bool useRegex) : IHfPreTokenizer
{
    /// <summary>GPT-2's word-splitting pattern as in tokenizers' ByteLevel.</summary>
    public static readonly Regex Gpt2Pattern = new(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.Compiled);

    public List<string> PreTokenize(List<string> splits, bool atTextStart)
    {
        var result = new List<string>(splits.Count);
        for (var k = 0; k < splits.Count; k++)
        {
            var s = splits[k];
            if (addPrefixSpace && k == 0 && !s.StartsWith(' ')) s = " " + s;
            if (!useRegex) { result.Add(ByteLevelAlphabet.Encode(s)); continue; }
            for (var m = Gpt2Pattern.Match(s); m.Success; m = m.NextMatch())
                if (m.Length > 0) result.Add(ByteLevelAlphabet.Encode(m.Value));
        }
        return result;
    }
}

/// <summary>GPT-2's reversible map between bytes and printable Unicode characters.</summary>
public static class ByteLevelAlphabet
{
    static readonly char[] ByteToChar = new char[256];
    static readonly Dictionary<char, byte> CharToByte = new();

    static ByteLevelAlphabet()
    {
        var n = 0;
        for (var b = 0; b < 256; b++)
        {
            var printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            ByteToChar[b] = printable ? (char)b : (char)(256 + n++);
            CharToByte[ByteToChar[b]] = (byte)b;
        }
    }

    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return string.Create(bytes.Length, bytes, (span, b) => { for (var i = 0; i < b.Length; i++) span[i] = ByteToChar[b[i]]; });
    }

    public static char ToChar(byte b) => ByteToChar[b];

    /// <summary>Appends a token's bytes; a token with any character outside the alphabet (e.g. an added token)
    /// contributes its own UTF-8 instead, as tokenizers' ByteLevel decoder does.</summary>
    public static void AppendBytes(string token, List<byte> bytes)
    {
        var start = bytes.Count;
        foreach (var c in token)
        {
            if (CharToByte.TryGetValue(c, out var b)) { bytes.Add(b); continue; }
            bytes.RemoveRange(start, bytes.Count - start);
            bytes.AddRange(Encoding.UTF8.GetBytes(token));
            return;
        }
    }
}
