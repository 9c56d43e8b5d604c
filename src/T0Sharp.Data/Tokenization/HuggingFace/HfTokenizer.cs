namespace T0Sharp.Data.Tokenization.HuggingFace;

/// <summary>Special-token roles of a tokenizer.json tokenizer (ids; −1 or null where the model has none).</summary>
public sealed record HfSpecialIds(int Pad, int Eos, int Unk, int? Bos);

/// <summary>
/// A Hugging Face tokenizer.json pipeline, run as tokenizers (Rust) runs it: added tokens are split out of the raw
/// text; each remaining stretch is normalized, pre-tokenized and encoded by the model; the post-processor adds its
/// special tokens (T5: &lt;/s&gt;; BLOOM and GPT-2: none). Decoding maps ids to tokens, drops special added tokens
/// when asked, and runs the decoder. Immutable and thread-safe.
/// </summary>
public sealed class HfTokenizer : ITokenizer
{
    readonly AddedTokens _added;
    readonly IHfNormalizer? _normalizer;
    readonly IHfPreTokenizer? _preTokenizer;
    readonly IHfModel _model;
    readonly IHfDecoder? _decoder;
    readonly IReadOnlyList<AddedToken> _prefix, _suffix;
    readonly HashSet<int> _specialIds;
    readonly HfSpecialIds _ids;

    public HfTokenizer(AddedTokens added, IHfNormalizer? normalizer, IHfPreTokenizer? preTokenizer, IHfModel model,
        IHfDecoder? decoder, IReadOnlyList<AddedToken> prefix, IReadOnlyList<AddedToken> suffix, HfSpecialIds ids)
    {
        _added = added; _normalizer = normalizer; _preTokenizer = preTokenizer; _model = model; _decoder = decoder;
        _prefix = prefix; _suffix = suffix; _ids = ids;
        _specialIds = [.. added.All.Where(t => t.Special).Select(t => t.Id)];
        VocabSize = Math.Max(model.VocabSize, added.All.Count == 0 ? 0 : added.All.Max(t => t.Id) + 1);
    }

    public int VocabSize { get; }
    public int PadId => _ids.Pad;
    public int EosId => _ids.Eos;
    public int UnkId => _ids.Unk;
    public int? BosId => _ids.Bos;
    public IReadOnlySet<int> SpecialTokenIds => _specialIds;
    public IHfModel Model => _model;

    public string? IdToToken(int id) => _added.ById(id)?.Content ?? _model.IdToToken(id);
    public int? TokenToId(string token) => _added.ByContent(token)?.Id ?? _model.TokenToId(token);

    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
    {
        var ids = new List<int>(text.Length / 3 + 2);
        EncodeInto(text, addSpecialTokens, ids, null);
        return ids;
    }

    public TokenizedText EncodeWithTokens(string text, bool addSpecialTokens = true)
    {
        var ids = new List<int>();
        var tokens = new List<string>();
        EncodeInto(text, addSpecialTokens, ids, tokens);
        return new TokenizedText(ids, tokens);
    }

    void EncodeInto(string text, bool addSpecialTokens, List<int> ids, List<string>? tokens)
    {
        if (addSpecialTokens) foreach (var t in _prefix) { ids.Add(t.Id); tokens?.Add(t.Content); }
        _added.Split(text,
            (start, length) => EncodeSegment(text.Substring(start, length), start == 0, ids, tokens),
            t => { ids.Add(t.Id); tokens?.Add(t.Content); });
        if (addSpecialTokens) foreach (var t in _suffix) { ids.Add(t.Id); tokens?.Add(t.Content); }
    }

    void EncodeSegment(string segment, bool atTextStart, List<int> ids, List<string>? tokens)
    {
        var normalized = _normalizer?.Normalize(segment) ?? segment;
        if (normalized.Length == 0) return;
        if (_preTokenizer == null) { _model.Tokenize(normalized, ids, tokens); return; }
        foreach (var word in _preTokenizer.PreTokenize([normalized], atTextStart))
            if (word.Length > 0) _model.Tokenize(word, ids, tokens);
    }

    /// <summary>
    /// The words the model sees for <paramref name="text"/>, in order: added tokens are left out, each stretch between
    /// them normalized and pre-tokenized (for byte-level BPE: strings over <see cref="ByteLevelAlphabet"/>). What a
    /// BPE trainer counts.
    /// </summary>
    public List<string> Words(string text)
    {
        var words = new List<string>();
        _added.Split(text, (start, length) =>
        {
            var normalized = _normalizer?.Normalize(text.Substring(start, length)) ?? text.Substring(start, length);
            if (normalized.Length == 0) return;
            if (_preTokenizer == null) { words.Add(normalized); return; }
            foreach (var word in _preTokenizer.PreTokenize([normalized], start == 0))
                if (word.Length > 0) words.Add(word);
        }, _ => { });
        return words;
    }

    /// <summary>Decodes as tokenizers' <c>decode</c>: ids without a token are ignored; no clean-up of spaces.</summary>
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true)
    {
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            if (skipSpecialTokens && _specialIds.Contains(id)) continue;
            var token = IdToToken(id);
            if (token != null) tokens.Add(token);
        }
        if (_decoder == null) return string.Join(" ", tokens);
        return string.Concat(_decoder.DecodeChain(tokens));
    }
}
