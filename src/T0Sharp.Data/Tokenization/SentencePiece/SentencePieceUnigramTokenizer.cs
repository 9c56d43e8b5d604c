using System.Text;
using T0Sharp.Data.Tokenization.Unigram;

namespace T0Sharp.Data.Tokenization.SentencePiece;

/// <summary>
/// A SentencePiece Unigram model (<c>spiece.model</c> of T5, T0, Flan-T5, mT5) with exactly Google SentencePiece's
/// encoding and decoding, plus what Hugging Face's <c>T5Tokenizer</c> adds on top: 100 sentinels
/// <c>&lt;extra_id_N&gt;</c> = vocabulary size + 99 − N (32099 − N for T5), <c>&lt;/s&gt;</c> appended when
/// special tokens are requested, and special tokens dropped on decode when asked.
/// </summary>
/// <remarks>
/// By default literal special-token strings in the text ("&lt;/s&gt;", "&lt;extra_id_0&gt;") are encoded as
/// SentencePiece does, as ordinary text. Set <c>splitSpecialTokens</c> to match them first as Hugging Face does.
/// </remarks>
public sealed class SentencePieceUnigramTokenizer : ITokenizer
{
    public const int DefaultExtraIds = 100;

    readonly SentencePieceModelProto _model;
    readonly SentencePieceNormalizer _normalizer;
    readonly UnigramModel _unigram;
    readonly string[] _pieces;
    readonly Dictionary<string, int> _pieceToId;
    readonly AddedTokens _added;
    readonly bool _splitSpecialTokens;
    readonly HashSet<int> _specialIds;

    public SentencePieceUnigramTokenizer(SentencePieceModelProto model, string source, int extraIds = DefaultExtraIds, bool splitSpecialTokens = false)
    {
        if (model.ModelType != 1)
            throw new NotSupportedException($"'{source}': SentencePiece model type {model.ModelType} is not supported; only Unigram (1) models such as T5's are.");
        if (model.ByteFallback)
            throw new NotSupportedException($"'{source}': SentencePiece byte fallback is not supported (T5, T0 and mT5 models do not use it).");
        if (model.UnkId < 0 || model.UnkId >= model.Pieces.Count)
            throw new InvalidDataException($"'{source}': unk_id {model.UnkId} is outside the {model.Pieces.Count}-piece vocabulary.");
        _model = model;
        _pieces = model.Pieces.Select(p => p.Piece).ToArray();
        _pieceToId = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _pieces.Length; i++) _pieceToId.TryAdd(_pieces[i], i);

        PieceTrie? userDefined = null;
        for (var i = 0; i < _pieces.Length; i++)
        {
            if (model.Pieces[i].Type != PieceType.UserDefined) continue;
            userDefined ??= new PieceTrie();
            userDefined.Add(Encoding.UTF8.GetBytes(_pieces[i]), i);
        }
        _normalizer = new SentencePieceNormalizer(model, userDefined, source);
        var types = model.Pieces.Select(p => p.Type).ToArray();
        _unigram = new UnigramModel(_pieces, model.Pieces.Select(p => (double)p.Score).ToArray(), model.UnkId, UnigramFlavor.SentencePiece,
            matchable: id => types[id] is PieceType.Normal or PieceType.UserDefined or PieceType.Unused,
            skip: id => types[id] == PieceType.Unused,
            userDefined: id => types[id] == PieceType.UserDefined,
            minMaxFrom: id => types[id] == PieceType.Normal);

        var added = new List<AddedToken>();
        for (var n = 0; n < extraIds; n++) added.Add(new AddedToken(_pieces.Length + extraIds - 1 - n, $"<extra_id_{n}>", Special: true));
        foreach (var id in new[] { model.EosId, model.UnkId, model.PadId, model.BosId })
            if (id >= 0 && id < _pieces.Length && types[id] != PieceType.Normal) added.Add(new AddedToken(id, _pieces[id], Special: true));
        _added = new AddedTokens(added);
        _splitSpecialTokens = splitSpecialTokens;
        _specialIds = [.. added.Select(t => t.Id)];
        for (var i = 0; i < _pieces.Length; i++) if (types[i] is PieceType.Control or PieceType.Unknown) _specialIds.Add(i);
        VocabSize = _pieces.Length + extraIds;
    }

    /// <summary>Loads a <c>.model</c> file.</summary>
    public static SentencePieceUnigramTokenizer FromFile(string path, int extraIds = DefaultExtraIds, bool splitSpecialTokens = false) =>
        new(SentencePieceModelProto.Parse(File.ReadAllBytes(path), path), path, extraIds, splitSpecialTokens);

    public int VocabSize { get; }
    public int EosId => _model.EosId;
    public int UnkId => _model.UnkId;
    /// <summary>The model's pad id; models trained without one (pad_id −1) fall back to EOS.</summary>
    public int PadId => _model.PadId >= 0 ? _model.PadId : _model.EosId;
    public int? BosId => _model.BosId >= 0 ? _model.BosId : null;
    public IReadOnlySet<int> SpecialTokenIds => _specialIds;
    /// <summary>Number of pieces in the SentencePiece model itself (without the sentinels).</summary>
    public int PieceCount => _pieces.Length;

    public string? IdToToken(int id) =>
        id >= 0 && id < _pieces.Length ? _pieces[id] : _added.ById(id)?.Content;

    public int? TokenToId(string token) =>
        _pieceToId.TryGetValue(token, out var id) ? id : _added.ByContent(token)?.Id;

    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
    {
        var ids = new List<int>(text.Length / 3 + 2);
        EncodeInto(text, ids, null, null);
        if (addSpecialTokens && _model.EosId >= 0) ids.Add(_model.EosId);
        return ids;
    }

    public TokenizedText EncodeWithTokens(string text, bool addSpecialTokens = true)
    {
        var ids = new List<int>();
        var tokens = new List<string>();
        EncodeInto(text, ids, tokens, new List<(int, int)>());
        if (addSpecialTokens && _model.EosId >= 0) { ids.Add(_model.EosId); tokens.Add(_pieces[_model.EosId]); }
        return new TokenizedText(ids, tokens);
    }

    [ThreadStatic] static ByteBuffer? t_normalized;
    [ThreadStatic] static byte[]? t_utf8;

    void EncodeInto(string text, List<int> ids, List<string>? tokens, List<(int Start, int Length)>? spans)
    {
        if (!_splitSpecialTokens) { EncodeSegment(text.AsSpan(), ids, tokens, spans); return; }
        _added.Split(text,
            (start, length) => EncodeSegment(text.AsSpan(start, length), ids, tokens, spans),
            token => { ids.Add(token.Id); tokens?.Add(token.Content); });
    }

    void EncodeSegment(ReadOnlySpan<char> text, List<int> ids, List<string>? tokens, List<(int Start, int Length)>? spans)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (t_utf8 == null || t_utf8.Length < max) t_utf8 = new byte[Math.Max(max, 1024)];
        var length = Encoding.UTF8.GetBytes(text, t_utf8);
        var normalized = t_normalized ??= new ByteBuffer();
        _normalizer.Normalize(t_utf8.AsSpan(0, length), normalized);
        var first = ids.Count;
        spans?.Clear();
        _unigram.Encode(normalized.Span, ids, spans);
        if (tokens == null || spans == null) return;
        for (var i = 0; i < spans.Count; i++)
        {
            var id = ids[first + i];
            // A known piece's text is the piece itself; an unknown one keeps the text it covers.
            tokens.Add(id == UnkId ? Encoding.UTF8.GetString(normalized.Span.Slice(spans[i].Start, spans[i].Length)) : _pieces[id]);
        }
    }

    /// <summary>
    /// Decodes as SentencePiece does (▁ becomes a space, the first leading space is dropped, unknown ids become
    /// " ⁇ ", control ids vanish); sentinels are written as their text. With <paramref name="skipSpecialTokens"/>,
    /// pad, eos, unk and sentinels are dropped first, as Hugging Face's T5Tokenizer does.
    /// </summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        var sb = new StringBuilder();
        var run = new StringBuilder(); // current run of SentencePiece pieces, decoded together
        foreach (var id in ids)
        {
            if (skipSpecialTokens && _specialIds.Contains(id)) continue;
            if (id >= 0 && id < _pieces.Length) { AppendPiece(run, id); continue; }
            var added = _added.ById(id) ?? throw new ArgumentOutOfRangeException(nameof(ids), $"id {id} is outside the vocabulary (size {VocabSize})");
            sb.Append(run).Append(added.Content);
            run.Clear();
        }
        return sb.Append(run).ToString();
    }

    void AppendPiece(StringBuilder run, int id)
    {
        var type = _model.Pieces[id].Type;
        if (type == PieceType.Control) return;
        if (type == PieceType.Unknown) { run.Append(_model.UnkSurface); return; }
        var piece = _pieces[id].AsSpan();
        if (run.Length == 0 && !_model.TreatWhitespaceAsSuffix && piece.StartsWith("\u2581")) piece = piece[1..];
        foreach (var c in piece) run.Append(c == '\u2581' ? ' ' : c);
    }
}
