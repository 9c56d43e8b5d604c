using System.Buffers;

namespace T0Sharp.Data.Tokenization;

/// <summary>A token matched in raw text before normalization, as Hugging Face's added tokens (e.g. &lt;/s&gt;, &lt;extra_id_0&gt;).</summary>
public sealed record AddedToken(int Id, string Content, bool Special, bool LStrip = false, bool RStrip = false, bool SingleWord = false);

/// <summary>
/// Splits raw text around added tokens, leftmost-longest as Hugging Face's AddedVocabulary does: the earliest
/// match wins, and among matches starting there the longest. <c>lstrip</c>/<c>rstrip</c> swallow whitespace next
/// to the token; <c>single_word</c> tokens match only outside words.
/// </summary>
public sealed class AddedTokens
{
    readonly Dictionary<char, AddedToken[]> _byFirstChar;
    readonly SearchValues<char> _firstChars;
    readonly Dictionary<int, AddedToken> _byId;
    readonly Dictionary<string, AddedToken> _byContent;

    public static AddedTokens Empty { get; } = new([]);

    public AddedTokens(IEnumerable<AddedToken> tokens)
    {
        var list = tokens.Where(t => t.Content.Length > 0).ToList();
        _byFirstChar = list.GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
        _firstChars = SearchValues.Create(_byFirstChar.Keys.ToArray());
        _byId = list.GroupBy(t => t.Id).ToDictionary(g => g.Key, g => g.First());
        _byContent = list.GroupBy(t => t.Content, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        All = list;
    }

    public IReadOnlyList<AddedToken> All { get; }
    public int Count => All.Count;
    public AddedToken? ById(int id) => _byId.GetValueOrDefault(id);
    public AddedToken? ByContent(string content) => _byContent.GetValueOrDefault(content);

    /// <summary>
    /// Calls <paramref name="onText"/> for each stretch of ordinary text and <paramref name="onToken"/> for each
    /// added token, in order. Empty stretches are not reported.
    /// </summary>
    public void Split(string text, Action<int, int> onText, Action<AddedToken> onToken)
    {
        if (All.Count == 0) { if (text.Length > 0) onText(0, text.Length); return; }
        var pos = 0; // start of text not yet reported
        var search = 0;
        while (search < text.Length)
        {
            var rel = text.AsSpan(search).IndexOfAny(_firstChars);
            if (rel < 0) break;
            var at = search + rel;
            var match = MatchAt(text, at);
            if (match == null) { search = at + 1; continue; }
            int start = at, end = at + match.Content.Length;
            if (match.LStrip) while (start > pos && char.IsWhiteSpace(text[start - 1])) start--;
            if (match.RStrip) while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
            if (start > pos) onText(pos, start - pos);
            onToken(match);
            pos = search = end;
        }
        if (pos < text.Length) onText(pos, text.Length - pos);
    }

    AddedToken? MatchAt(string text, int at)
    {
        foreach (var t in _byFirstChar[text[at]])
        {
            if (!text.AsSpan(at).StartsWith(t.Content, StringComparison.Ordinal)) continue;
            if (t.SingleWord && (IsWordChar(text, at - 1) || IsWordChar(text, at + t.Content.Length))) continue;
            return t;
        }
        return null;
    }

    static bool IsWordChar(string text, int i) => i >= 0 && i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_');
}
