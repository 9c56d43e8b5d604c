namespace T0Sharp.Data.Tokenization.Extension;

/// <summary>
/// Learns BPE merges from word counts, as a BPE trainer does: repeatedly merge the adjacent symbol pair that occurs
/// most often (counting each word as often as it occurs), until enough new tokens exist or no pair occurs
/// <c>minFrequency</c> times. Ties go to the pair whose (left, right) strings sort first (ordinal), so the result is
/// a pure function of the inputs.
/// <para>
/// A pair whose concatenation is already a token is never merged: every merge learned makes a new token. That is what
/// keeps an extended tokenizer's encodings nested in the old ones: old merges never involve a new token, so a text is
/// first encoded exactly as before and only then are new merges applied (see <see cref="BpeTokenizerExtension"/>).
/// </para>
/// </summary>
public static class BpeMergeLearner
{
    /// <param name="words">Each distinct word as its starting symbols (token strings) and how often it occurs.</param>
    /// <param name="existing">Tokens that already exist (a pair producing one of them is skipped).</param>
    /// <param name="newTokens">How many merges (= new tokens) to learn at most.</param>
    /// <param name="minFrequency">The least number of occurrences a merged pair needs (at least 1).</param>
    public static List<(string Left, string Right)> Learn(IReadOnlyList<(IReadOnlyList<string> Symbols, long Count)> words,
        IReadOnlySet<string> existing, int newTokens, int minFrequency)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(newTokens);
        ArgumentOutOfRangeException.ThrowIfLessThan(minFrequency, 1);
        var symbolIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var symbols = new List<string>();
        int Id(string s)
        {
            if (symbolIds.TryGetValue(s, out var id)) return id;
            symbolIds[s] = symbols.Count;
            symbols.Add(s);
            return symbols.Count - 1;
        }
        var seqs = words.Select(w => w.Symbols.Select(Id).ToList()).ToList();
        var counts = words.Select(w => w.Count).ToArray();
        var pairCount = new Dictionary<(int, int), long>();
        var pairWords = new Dictionary<(int, int), HashSet<int>>();
        var touched = new HashSet<(int, int)>();
        void AddWord(int w, int sign)
        {
            var s = seqs[w];
            for (var i = 0; i + 1 < s.Count; i++)
            {
                var p = (s[i], s[i + 1]);
                pairCount[p] = pairCount.GetValueOrDefault(p) + sign * counts[w];
                if (sign > 0) (pairWords.TryGetValue(p, out var set) ? set : pairWords[p] = []).Add(w);
                touched.Add(p);
            }
        }
        for (var w = 0; w < seqs.Count; w++) AddWord(w, +1);

        // A max-heap on (count, then the pair's strings in ordinal order) with lazy deletion: every count change pushes
        // the pair again, and a popped entry whose count is no longer the pair's is skipped.
        var queue = new PriorityQueue<((int, int) Pair, long Count), ((int, int) Pair, long Count)>(
            Comparer<((int, int) Pair, long Count)>.Create((a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : Compare(a.Pair, b.Pair)));
        void Push()
        {
            foreach (var p in touched)
                if (pairCount.TryGetValue(p, out var c) && c >= minFrequency) queue.Enqueue((p, c), (p, c));
            touched.Clear();
        }
        Push();

        var known = new HashSet<string>(existing, StringComparer.Ordinal);
        var merges = new List<(string, string)>();
        while (merges.Count < newTokens && queue.TryDequeue(out var top, out _))
        {
            var best = top.Pair;
            if (pairCount.GetValueOrDefault(best) != top.Count) continue;        // stale
            var (left, right) = (symbols[best.Item1], symbols[best.Item2]);
            if (known.Contains(left + right)) continue;                          // would remake a token
            var merged = Id(left + right);
            known.Add(left + right);
            merges.Add((left, right));
            foreach (var w in pairWords[best].ToList())
            {
                AddWord(w, -1);
                seqs[w] = MergeAll(seqs[w], best, merged);
                AddWord(w, +1);
            }
            pairCount.Remove(best);
            pairWords.Remove(best);
            touched.Remove(best);
            Push();
        }
        return merges;

        int Compare((int, int) a, (int, int) b)
        {
            var c = string.CompareOrdinal(symbols[a.Item1], symbols[b.Item1]);
            return c != 0 ? c : string.CompareOrdinal(symbols[a.Item2], symbols[b.Item2]);
        }
    }

    /// <summary>Replaces every non-overlapping occurrence of <paramref name="pair"/>, left to right, as BPE applies one merge.</summary>
    static List<int> MergeAll(List<int> s, (int, int) pair, int merged)
    {
        var result = new List<int>(s.Count);
        for (var i = 0; i < s.Count; i++)
        {
            if (i + 1 < s.Count && s[i] == pair.Item1 && s[i + 1] == pair.Item2) { result.Add(merged); i++; }
            else result.Add(s[i]);
        }
        return result;
    }
}
