using System.Collections.Concurrent;

namespace T0Sharp.Data.Tokenization.HuggingFace;

/// <summary>
/// A Hugging Face BPE model (GPT-2, BLOOM): a word is split into characters, then the adjacent pair with the lowest
/// merge rank (leftmost among equals) is merged until no listed merge applies. Results are cached per word.
/// </summary>
public sealed class BpeModel : IHfModel
{
    readonly Dictionary<string, int> _vocab;
    readonly string[] _idToToken;
    readonly Dictionary<(int, int), (int Rank, int NewId)> _merges;
    readonly int? _unkId;
    readonly bool _fuseUnk, _byteFallback, _ignoreMerges;
    readonly string _prefix, _suffix;
    readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    const int MaxCachedWords = 100_000;

    public BpeModel(Dictionary<string, int> vocab, IReadOnlyList<(string Left, string Right)> merges, string? unkToken,
        string? continuingSubwordPrefix, string? endOfWordSuffix, bool fuseUnk, bool byteFallback, bool ignoreMerges, string source)
    {
        _vocab = vocab;
        _idToToken = new string[vocab.Count == 0 ? 0 : vocab.Values.Max() + 1];
        foreach (var (token, id) in vocab) _idToToken[id] = token;
        _prefix = continuingSubwordPrefix ?? "";
        _suffix = endOfWordSuffix ?? "";
        _merges = new Dictionary<(int, int), (int, int)>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (!vocab.TryGetValue(left, out var l) || !vocab.TryGetValue(right, out var r))
                throw new InvalidDataException($"'{source}': merge {rank} ('{left} {right}') uses a token missing from the vocabulary");
            var merged = left + (right.StartsWith(_prefix, StringComparison.Ordinal) ? right[_prefix.Length..] : right);
            if (!vocab.TryGetValue(merged, out var m))
                throw new InvalidDataException($"'{source}': merge {rank} produces '{merged}', which is missing from the vocabulary");
            _merges.TryAdd((l, r), (rank, m));
        }
        if (unkToken != null && vocab.TryGetValue(unkToken, out var unk)) _unkId = unk;
        _fuseUnk = fuseUnk;
        _byteFallback = byteFallback;
        _ignoreMerges = ignoreMerges;
    }

    public int VocabSize => _idToToken.Length;
    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;
    public int? TokenToId(string token) => _vocab.TryGetValue(token, out var id) ? id : null;

    public void Tokenize(string word, List<int> ids, List<string>? tokens)
    {
        if (!_cache.TryGetValue(word, out var result))
        {
            result = Merge(word);
            if (_cache.Count < MaxCachedWords) _cache.TryAdd(word, result);
        }
        ids.AddRange(result);
        if (tokens != null) foreach (var id in result) tokens.Add(_idToToken[id]);
    }

    int[] Merge(string word)
    {
        if (_ignoreMerges && _vocab.TryGetValue(word, out var whole)) return [whole];
        var symbols = new List<int>(word.Length);
        var lastWasUnk = false;
        for (var i = 0; i < word.Length;)
        {
            var len = char.IsHighSurrogate(word[i]) && i + 1 < word.Length ? 2 : 1;
            var piece = word.Substring(i, len);
            if (i > 0) piece = _prefix + piece;
            if (i + len == word.Length) piece += _suffix;
            i += len;
            if (_vocab.TryGetValue(piece, out var id)) { symbols.Add(id); lastWasUnk = false; continue; }
            if (_byteFallback && AddBytes(piece, symbols)) { lastWasUnk = false; continue; }
            if (_unkId is not { } unk) continue; // no unknown token: the character is dropped, as tokenizers does
            if (!(_fuseUnk && lastWasUnk)) symbols.Add(unk);
            lastWasUnk = true;
        }
        while (symbols.Count > 1)
        {
            int bestPos = -1, bestRank = int.MaxValue, bestId = 0;
            for (var p = 0; p + 1 < symbols.Count; p++)
            {
                if (_merges.TryGetValue((symbols[p], symbols[p + 1]), out var m) && m.Rank < bestRank)
                {
                    bestRank = m.Rank; bestPos = p; bestId = m.NewId;
                }
            }
            if (bestPos < 0) break;
            symbols[bestPos] = bestId;
            symbols.RemoveAt(bestPos + 1);
        }
        return symbols.ToArray();
    }

    bool AddBytes(string piece, List<int> symbols)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(piece);
        var ids = new int[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
            if (!_vocab.TryGetValue($"<0x{bytes[i]:X2}>", out ids[i])) return false;
        symbols.AddRange(ids);
        return true;
    }
}
