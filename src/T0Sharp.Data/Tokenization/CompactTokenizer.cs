using System.Text.Json;
using System.Text.Json.Nodes;
using T0Sharp.Core;

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
    /// Writes this tokenizer as a self-contained Hugging Face <c>tokenizer.json</c> derived from the inner
    /// tokenizer's <paramref name="innerTokenizerJson"/> (a Unigram model such as T5's): the vocabulary becomes the
    /// kept pieces in compact-id order with their scores, and added tokens outside it (T5's sentinels) are dropped.
    /// Normalizer, pre-tokenizer, post-processor and decoder are kept. A Unigram Viterbi over a subset that contains
    /// every piece of a text's best segmentation finds that same segmentation, so the file encodes the corpus the
    /// compact tokenizer was built from exactly as this class does (a test checks), and loads unchanged in
    /// <see cref="TokenizerLoader"/> and in transformers.
    /// </summary>
    public void SaveTokenizerJson(string innerTokenizerJson, string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(innerTokenizerJson))!.AsObject();
        var model = root["model"]!.AsObject();
        if ((string?)model["type"] is { } type && type != "Unigram")
            throw new NotSupportedException($"'{innerTokenizerJson}': only Unigram tokenizer.json files can be restricted (found {type})");
        var vocab = model["vocab"]!.AsArray();
        var kept = new JsonArray();
        foreach (var id in _toInner) kept.Add(vocab[id]!.DeepClone());
        model["vocab"] = kept;
        model["unk_id"] = UnkId;
        if (root["added_tokens"] is JsonArray added)
        {
            var keep = new JsonArray();
            foreach (var t in added)
                if (_fromInner.TryGetValue((int)t!["id"]!, out var c))
                {
                    var copy = t.DeepClone().AsObject();
                    copy["id"] = c;
                    keep.Add(copy);
                }
            root["added_tokens"] = keep;
        }
        AtomicFile.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    int ToInner(int id) => id >= 0 && id < _toInner.Length ? _toInner[id] : _inner.UnkId;
}
