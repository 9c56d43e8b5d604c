namespace T0Sharp.Data.Tokenization;

/// <summary>
/// A tokenizer restricted to the part of a larger vocabulary that a corpus uses, with ids remapped to a dense
/// range. Training a small model from scratch on a closed-world corpus (the synthetic suite) with T5's 32k
/// vocabulary spends most of its compute in the output layer; remapping to the few hundred pieces actually
/// used keeps the same segmentation at a fraction of the cost.
/// Ids: 0 pad, 1 eos, 2 unk (T5's layout), then the kept pieces in ascending order of their original id.
/// Text whose pieces were never seen maps to unk.
/// </summary>
public sealed class CompactTokenizer : ITokenizer
{
    readonly ITokenizer _inner;
    readonly int[] _toInner;                       // compact id -> inner id
    readonly Dictionary<int, int> _fromInner;      // inner id -> compact id

    public CompactTokenizer(ITokenizer inner, IEnumerable<int> innerIds)
    {
        _inner = inner;
        var specials = new[] { inner.PadId, inner.EosId, inner.UnkId };
        var kept = innerIds.Where(id => Array.IndexOf(specials, id) < 0).Distinct().Order();
        _toInner = [.. specials, .. kept];
        _fromInner = new Dictionary<int, int>(_toInner.Length);
        for (int i = 0; i < _toInner.Length; i++) _fromInner.TryAdd(_toInner[i], i);
    }

    /// <summary>Keeps every piece that <paramref name="inner"/> produces for the texts of <paramref name="corpus"/>.</summary>
    public static CompactTokenizer Build(ITokenizer inner, IEnumerable<string> corpus) =>
        new(inner, corpus.SelectMany(text => inner.Encode(text, addSpecialTokens: false)));

    /// <summary>The original ids, position = compact id (to save or rebuild the mapping).</summary>
    public IReadOnlyList<int> InnerIds => _toInner;

    public int VocabSize => _toInner.Length;
    public int PadId => 0;
    public int EosId => 1;
    public int UnkId => 2;

    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
    {
        var ids = _inner.Encode(text, addSpecialTokens);
        var result = new int[ids.Count];
        for (int i = 0; i < ids.Count; i++) result[i] = _fromInner.TryGetValue(ids[i], out var c) ? c : UnkId;
        return result;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) =>
        _inner.Decode(ids.Select(ToInner), skipSpecialTokens);

    public string? IdToToken(int id) => id >= 0 && id < _toInner.Length ? _inner.IdToToken(_toInner[id]) : null;

    /// <summary>
    /// A Hugging Face tokenizer.json for this tokenizer, made from its inner tokenizer's (a Unigram model, e.g. T5's):
    /// the same normalizer, pre-tokenizer and decoder, the kept pieces with their scores at their compact ids, and
    /// pad/eos/unk at 0/1/2. On any text made of kept pieces it segments as this tokenizer does (the best segmentation
    /// over the full vocabulary uses kept pieces only, so it is also the best over them).
    /// </summary>
    public string ToTokenizerJson(string innerTokenizerJson)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(innerTokenizerJson)!.AsObject();
        var model = root["model"]!.AsObject();
        if ((string?)model["type"] is { } type && type != "Unigram")
            throw new NotSupportedException($"a compact tokenizer is saved from a Unigram tokenizer.json, not {type}");
        var vocab = model["vocab"]!.AsArray();
        var added = root["added_tokens"]?.AsArray() ?? [];
        var newVocab = new System.Text.Json.Nodes.JsonArray();
        foreach (var inner in _toInner)
        {
            if (inner < vocab.Count) newVocab.Add(vocab[inner]!.DeepClone());
            else newVocab.Add(new System.Text.Json.Nodes.JsonArray(_inner.IdToToken(inner), 0.0)); // an added token (e.g. <extra_id_N>)
        }
        model["vocab"] = newVocab;
        model["unk_id"] = UnkId;
        var keep = new System.Text.Json.Nodes.JsonArray();
        foreach (var token in added)
        {
            var id = (int)token!["id"]!;
            if (!_fromInner.TryGetValue(id, out var compact)) continue;
            var copy = token.DeepClone();
            copy["id"] = compact;
            keep.Add(copy);
        }
        root["added_tokens"] = keep;
        if (root["post_processor"]?["special_tokens"] is System.Text.Json.Nodes.JsonObject specials)
            foreach (var (_, value) in specials)
                if (value?["ids"] is System.Text.Json.Nodes.JsonArray ids)
                    for (int i = 0; i < ids.Count; i++) ids[i] = _fromInner.TryGetValue((int)ids[i]!, out var c) ? c : UnkId;
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    int ToInner(int id) => id >= 0 && id < _toInner.Length ? _toInner[id] : _inner.UnkId;
}
