using System.Numerics;
using System.Text;

namespace T0Sharp.Data.Tokenization.Unigram;

/// <summary>How a Unigram vocabulary was loaded; decides score precision and which pieces the search may use.</summary>
public enum UnigramFlavor
{
    /// <summary>Google SentencePiece: float scores summed in float; control/unknown/byte pieces are not matchable,
    /// unused pieces are skipped, user-defined pieces get SentencePiece's length bonus. On equal path scores the
    /// piece that starts later wins (observed: "▁0000000000" → ▁000 0000 000).</summary>
    SentencePiece,
    /// <summary>Hugging Face tokenizers: double scores summed in double; every vocabulary entry is matchable.
    /// On equal path scores the piece that starts earlier wins ("▁0000000000" → ▁000 000 0000).</summary>
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
    readonly float[] _scoresF;
    readonly double[] _scoresD;
    readonly bool[] _skip;
    readonly bool[] _userDefined;
    readonly float _unkScoreF, _maxScoreF;
    readonly double _unkScoreD;
    readonly UnigramFlavor _flavor;

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
        _flavor = flavor;
        _trie = new PieceTrie(pieces.Count * 4);
        _scoresF = new float[pieces.Count];
        _scoresD = new double[pieces.Count];
        _skip = new bool[pieces.Count];
        _userDefined = new bool[pieces.Count];
        double min = double.MaxValue, max = double.MinValue;
        for (var id = 0; id < pieces.Count; id++)
        {
            _scoresD[id] = scores[id];
            _scoresF[id] = (float)scores[id];
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
        public float[] ScoreF = new float[256];
        public double[] ScoreD = new double[256];
        public int[] StartsAt = new int[256];
        public int[] Id = new int[256];

        public void Ensure(int n)
        {
            if (StartsAt.Length >= n) return;
            var cap = Math.Max(n, StartsAt.Length * 2);
            ScoreF = new float[cap]; ScoreD = new double[cap]; StartsAt = new int[cap]; Id = new int[cap];
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
        if (_flavor == UnigramFlavor.SentencePiece) Viterbi(normalized, s.ScoreF, _scoresF, _unkScoreF, s, laterWinsTies: true);
        else Viterbi(normalized, s.ScoreD, _scoresD, _unkScoreD, s, laterWinsTies: false);
        Backtrack(normalized.Length, s, ids, spans);
    }

    void Viterbi<T>(ReadOnlySpan<byte> text, T[] best, T[] scores, T unkScore, Scratch s, bool laterWinsTies) where T : struct, IFloatingPointIeee754<T>
    {
        var size = text.Length;
        var startsAtArr = s.StartsAt; var idArr = s.Id;
        Array.Fill(startsAtArr, -1, 0, size + 1);
        best[0] = T.Zero;
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
                var score = _userDefined[id] ? T.CreateTruncating(length * (double)_maxScoreF - 0.1) : scores[id];
                var candidate = score + tillHere;
                if (startsAtArr[keyPos] == -1 || candidate > best[keyPos] || (laterWinsTies && candidate == best[keyPos]))
                {
                    best[keyPos] = candidate; startsAtArr[keyPos] = startsAt; idArr[keyPos] = id;
                }
                if (length == mblen) hasSingleNode = true;
            }
            if (!hasSingleNode)
            {
                var end = startsAt + mblen;
                var candidate = unkScore + tillHere;
                if (startsAtArr[end] == -1 || candidate > best[end] || (laterWinsTies && candidate == best[end]))
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
