using System.Text;
using T0Sharp.Data.Tokenization.Unigram;

namespace T0Sharp.Data.Tokenization.HuggingFace;

/// <summary>A tokenizer.json <c>model</c>: turns one pre-tokenized word into ids.</summary>
public interface IHfModel
{
    int VocabSize { get; }
    string? IdToToken(int id);
    int? TokenToId(string token);
    /// <summary>Appends the ids (and, when <paramref name="tokens"/> is given, the token strings) of <paramref name="word"/>.</summary>
    void Tokenize(string word, List<int> ids, List<string>? tokens);
}

/// <summary>
/// The tokenizer.json <c>Unigram</c> model: Viterbi over the word's UTF-8 with double-precision scores, every
/// vocabulary entry matchable, unknown runs fused into one unknown token whose string is the text it covers.
/// </summary>
public sealed class HfUnigramModel : IHfModel
{
    readonly string[] _pieces;
    readonly Dictionary<string, int> _pieceToId;
    readonly UnigramModel _model;

    public HfUnigramModel(IReadOnlyList<(string Piece, double Score)> vocab, int unkId, string source)
    {
        if (unkId < 0 || unkId >= vocab.Count)
            throw new InvalidDataException($"'{source}': Unigram unk_id {unkId} is outside the {vocab.Count}-entry vocabulary");
        _pieces = vocab.Select(v => v.Piece).ToArray();
        _pieceToId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _pieces.Length; i++) _pieceToId.TryAdd(_pieces[i], i);
        _model = new UnigramModel(_pieces, vocab.Select(v => v.Score).ToArray(), unkId, UnigramFlavor.HuggingFace);
    }

    public int VocabSize => _pieces.Length;
    public int UnkId => _model.UnkId;
    public string? IdToToken(int id) => id >= 0 && id < _pieces.Length ? _pieces[id] : null;
    public int? TokenToId(string token) => _pieceToId.TryGetValue(token, out var id) ? id : null;

    [ThreadStatic] static byte[]? t_utf8;
    [ThreadStatic] static List<(int Start, int Length)>? t_spans;

    public void Tokenize(string word, List<int> ids, List<string>? tokens)
    {
        var max = Encoding.UTF8.GetMaxByteCount(word.Length);
        if (t_utf8 == null || t_utf8.Length < max) t_utf8 = new byte[Math.Max(max, 256)];
        var utf8 = t_utf8.AsSpan(0, Encoding.UTF8.GetBytes(word, t_utf8));
        if (tokens == null) { _model.Encode(utf8, ids); return; }
        var spans = t_spans ??= [];
        spans.Clear();
        var first = ids.Count;
        _model.Encode(utf8, ids, spans);
        for (var i = 0; i < spans.Count; i++)
        {
            var id = ids[first + i];
            tokens.Add(id == _model.UnkId ? Encoding.UTF8.GetString(utf8.Slice(spans[i].Start, spans[i].Length)) : _pieces[id]);
        }
    }
}
