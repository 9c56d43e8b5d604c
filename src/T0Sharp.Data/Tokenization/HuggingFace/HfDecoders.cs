using System.Text;

namespace T0Sharp.Data.Tokenization.HuggingFace;

/// <summary>A tokenizer.json <c>decoder</c>: turns token strings back into text.</summary>
public interface IHfDecoder
{
    /// <summary>Rewrites the token strings (tokenizers' decode_chain); the results are concatenated.</summary>
    List<string> DecodeChain(List<string> tokens);
}

/// <summary><c>Sequence</c> of decoders.</summary>
public sealed class HfSequenceDecoder(IReadOnlyList<IHfDecoder> parts) : IHfDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        foreach (var p in parts) tokens = p.DecodeChain(tokens);
        return tokens;
    }
}

/// <summary><c>Metaspace</c>: <c>▁</c> becomes a space, except in the first token (when a prefix was prepended)
/// where every <c>▁</c> is dropped, as tokenizers does.</summary>
public sealed class HfMetaspaceDecoder(char replacement, PrependScheme scheme) : IHfDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var result = new List<string>(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.IndexOf(replacement) < 0) { result.Add(t); continue; }
            result.Add(i == 0 && scheme != PrependScheme.Never ? t.Replace(replacement.ToString(), "") : t.Replace(replacement, ' '));
        }
        return result;
    }
}

/// <summary><c>ByteLevel</c>: maps characters back to bytes and decodes UTF-8 (invalid bytes become U+FFFD).</summary>
public sealed class HfByteLevelDecoder : IHfDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        foreach (var t in tokens) ByteLevelAlphabet.AppendBytes(t, bytes);
        return [Encoding.UTF8.GetString(bytes.ToArray())];
    }
}

/// <summary><c>Replace</c> with a literal pattern (Llama-style decoders).</summary>
public sealed class HfReplaceDecoder(string pattern, string content) : IHfDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select(t => t.Replace(pattern, content, StringComparison.Ordinal)).ToList();
}

/// <summary><c>Fuse</c>: joins all tokens into one.</summary>
public sealed class HfFuseDecoder : IHfDecoder
{
    public List<string> DecodeChain(List<string> tokens) => [string.Concat(tokens)];
}

/// <summary><c>Strip</c>: removes up to <c>start</c>/<c>stop</c> occurrences of a character from each token's ends.</summary>
public sealed class HfStripDecoder(char content, int start, int stop) : IHfDecoder
{
    public List<string> DecodeChain(List<string> tokens) => tokens.Select(t =>
    {
        int a = 0, b = t.Length;
        while (a < start && a < b && t[a] == content) a++;
        for (var k = 0; k < stop && b > a && t[b - 1] == content; k++) b--;
        return t[a..b];
    }).ToList();
}
