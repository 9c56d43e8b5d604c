using System.Text;

namespace T0Sharp.Data.Tokenization.Unigram;

/// <summary>How a Unigram vocabulary was loaded; decides score arithmetic and which pieces the search may use.</summary>
public enum UnigramFlavor
{
    /// <summary>Google SentencePiece: control/unknown/byte pieces are not matchable, unused pieces are skipped,
    /// user-defined pieces get SentencePiece's length bonus. Path scores are stored as float, but a candidate
    /// (float piece score + stored float) is compared in double before being rounded (C++'s <c>auto</c> makes it
    /// a double), so near-ties break differently from HF (e.g. "▁0000000000" → ▁000 0000 000).</summary>
    SentencePiece,
    /// <summary>Hugging Face tokenizers: every vocabulary entry is matchable; scores and sums are double
    /// ("▁0000000000" → ▁000 000 0000).</summary>
    HuggingFace,
}

/// <summary>
/// A Unigram language-model tokenizer over normalized UTF-8: the best segmentation by Viterbi search (the
/// "optimized" encoder that both SentencePiece and Hugging Face use), with consecutive unknown pieces fused
/// into one. Immutable and thread-safe.
/// </summary>
public sealed class UnigramModel
{
    const float UnkPenalty = 10.0f;

    readonly PieceTrie _trie;
    readonly double[] _scores;     // SentencePiece: float scores widened to double
    readonly bool[] _skip;
    readonly bool[] _userDefined;
    readonly float _unkScoreF, _maxScoreF;
    readonly double _unkScoreD;
    readonly bool _sentencePiece;

    public int UnkId { get; }

    /// <param name="pieces">Piece strings by id.</param>
    /// <param name="scores">Log-probability scores by id.</param>
    /// <param name="unkId">The id emitted for characters no piece covers.</param>
    /// <param name="matchable">Which ids the search may emit (null: all).</param>
    /// <param name="skip">Ids in the trie that are ignored when matched (SentencePiece's unused pieces; null: none).</param>
    /// <param name="userDefined">Ids that get SentencePiece's user-defined bonus (null: none).</param>
    /// <param name="minMaxFrom">Ids whose scores define the min and max score (null: all).</param>
    public UnigramModel(IReadOnlyList<string> pieces, IReadOnlyList<double> scores, int unkId, UnigramFlavor flavor,
        Func<int, bool>? matchable = null, Func<int, bool>? skip = null, Func<int, bool>? userDefined = null, Func<int, bool>? minMaxFrom = null)
    {
        UnkId = unkId;
        _trie = new PieceTrie(pieces.Count * 4);
        _sentencePiece = flavor == UnigramFlavor.SentencePiece;
        _scores = new double[pieces.Count];
        _skip = new bool[pieces.Count];
        _userDefined = new bool[pieces.Count];
        double min = double.MaxValue, max = double.MinValue;
        for (var id = 0; id < pieces.Count; id++)
        {
            _scores[id] = _sentencePiece ? (float)scores[id] : scores[id];
            _skip[id] = skip?.Invoke(id) ?? false;
            _userDefined[id] = userDefined?.Invoke(id) ?? false;
            if (minMaxFrom?.Invoke(id) ?? true) { min = Math.Min(min, scores[id]); max = Math.Max(max, scores[id]); }
            if ((matchable?.Invoke(id) ?? true) && pieces[id].Length > 0) _trie.Add(Encoding.UTF8.GetBytes(pieces[id]), id);
        }
        if (min == double.MaxValue) { min = 0; max = 0; }
        _unkScoreF = (float)min - UnkPenalty;
        _unkScoreD = min - UnkPenalty;
        _maxScoreF = (float)max;
    }

    [ThreadStatic] static Scratch? t_scratch;

    sealed class Scratch
    {
        public double[] Score = new double[256];
        public int[] StartsAt = new int[256];
        public int[] Id = new int[256];

        public void Ensure(int n)
        {
            if (StartsAt.Length >= n) return;
            var cap = Math.Max(n, StartsAt.Length * 2);
            Score = new double[cap]; StartsAt = new int[cap]; Id = new int[cap];
        }
    }

    /// <summary>
    /// Segments <paramref name="normalized"/> and appends the ids (and, when <paramref name="spans"/> is given, the
    /// byte ranges of each piece in <paramref name="normalized"/>) in text order.
    /// </summary>
    public void Encode(ReadOnlySpan<byte> normalized, List<int> ids, List<(int Start, int Length)>? spans = null)
    {
        if (normalized.IsEmpty) return;
        var s = t_scratch ??= new Scratch();
        s.Ensure(normalized.Length + 1);
        Viterbi(normalized, s);
        Backtrack(normalized.Length, s, ids, spans);
    }

    void Viterbi(ReadOnlySpan<byte> text, Scratch s)
    {
        var size = text.Length;
        var best = s.Score; var startsAtArr = s.StartsAt; var idArr = s.Id;
        Array.Fill(startsAtArr, -1, 0, size + 1);
        best[0] = 0;
        for (var startsAt = 0; startsAt < size;)
        {
            var tillHere = best[startsAt];
            var hasSingleNode = false;
            var mblen = Math.Min(Utf8.LeadLength(text[startsAt]), size - startsAt);
            var node = 0;
            for (var keyPos = startsAt; keyPos < size;)
            {
                node = _trie.Child(node, text[keyPos]);
                if (node < 0) break;
                keyPos++;
                var id = _trie.ValueAt(node);
                if (id < 0 || _skip[id]) continue;
                var length = keyPos - startsAt;
                var score = _userDefined[id] ? length * (double)_maxScoreF - 0.1 : _scores[id];
                var candidate = score + tillHere; // SentencePiece too compares this sum in double
                if (startsAtArr[keyPos] == -1 || candidate > best[keyPos])
                {
                    best[keyPos] = _sentencePiece ? (float)candidate : candidate;
                    startsAtArr[keyPos] = startsAt; idArr[keyPos] = id;
                }
                if (length == mblen) hasSingleNode = true;
            }
            if (!hasSingleNode)
            {
                var end = startsAt + mblen;
                // SentencePiece adds the unknown penalty in float (both operands are float there).
                var candidate = _sentencePiece ? (double)(_unkScoreF + (float)tillHere) : _unkScoreD + tillHere;
                if (startsAtArr[end] == -1 || candidate > best[end])
                {
                    best[end] = candidate; startsAtArr[end] = startsAt; idArr[end] = UnkId;
                }
            }
            startsAt += mblen;
        }
    }

    void Backtrack(int size, Scratch s, List<int> ids, List<(int Start, int Length)>? spans)
    {
        var first = ids.Count;
        var firstSpan = spans?.Count ?? 0;
        for (var end = size; end > 0;)
        {
            var start = s.StartsAt[end];
            var id = s.Id[end];
            // Consecutive unknown pieces become one (SentencePiece and HF fuse_unk both do this).
            if (id == UnkId && ids.Count > first && ids[^1] == UnkId)
            {
                if (spans != null) spans[^1] = (start, spans[^1].Start + spans[^1].Length - start);
            }
            else
            {
                ids.Add(id);
                spans?.Add((start, end - start));
            }
            end = start;
        }
        ids.Reverse(first, ids.Count - first);
        spans?.Reverse(firstSpan, spans.Count - firstSpan);
    }
}
