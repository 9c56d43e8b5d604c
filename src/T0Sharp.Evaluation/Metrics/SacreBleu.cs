using System.Text.RegularExpressions;

namespace T0Sharp.Evaluation.Metrics;

/// <summary>
/// Corpus BLEU as sacrebleu 2.x computes it with its defaults (<c>corpus_bleu(hyps, [refs])</c>): the 13a
/// tokenizer (mteval-v13a), case-sensitive, n-grams up to 4, counts clipped by the maximum count in any
/// reference, the "closest" reference length for the brevity penalty (ties go to the shorter reference), and
/// the "exp" smoothing (an order with zero matches gets precision 100 / (2^k · total), k counting such orders).
/// Scores are on sacrebleu's 0..100 scale.
/// </summary>
public static partial class SacreBleu
{
    const int MaxOrder = 4;

    // mteval-v13a, language-dependent part (sacrebleu's TokenizerRegexp), applied in this order.
    [GeneratedRegex(@"([\{-\~\[-\` -\&\(-\+\:-\@\/])")] private static partial Regex Symbols();
    [GeneratedRegex(@"([^0-9])([\.,])")] private static partial Regex PeriodAfterNonDigit();
    [GeneratedRegex(@"([\.,])([^0-9])")] private static partial Regex PeriodBeforeNonDigit();
    [GeneratedRegex(@"([0-9])(-)")] private static partial Regex DashAfterDigit();

    /// <summary>sacrebleu's <c>TokenizerV13a</c>: returns the tokenized line (tokens joined by single spaces).</summary>
    public static string Tokenize13a(string line)
    {
        line = line.Replace("<skipped>", "").Replace("-\n", "").Replace("\n", " ");
        if (line.Contains('&'))
            line = line.Replace("&quot;", "\"").Replace("&amp;", "&").Replace("&lt;", "<").Replace("&gt;", ">");
        line = " " + line + " ";
        line = Symbols().Replace(line, " $1 ");
        line = PeriodAfterNonDigit().Replace(line, "$1 $2 ");
        line = PeriodBeforeNonDigit().Replace(line, " $1 $2");
        line = DashAfterDigit().Replace(line, "$1 $2 ");
        return string.Join(' ', TextSplit.PythonSplit(line));
    }

    /// <summary>Corpus BLEU (0..100); <paramref name="references"/>[i] holds all references of hypothesis i.</summary>
    public static BleuScore Corpus(IReadOnlyList<string> hypotheses, IReadOnlyList<IReadOnlyList<string>> references)
    {
        if (hypotheses.Count != references.Count)
            throw new ArgumentException($"BLEU: {hypotheses.Count} hypotheses but {references.Count} reference lists");
        var correct = new long[MaxOrder];
        var total = new long[MaxOrder];
        long sysLen = 0, refLen = 0;
        for (var i = 0; i < hypotheses.Count; i++)
        {
            var hyp = TextSplit.PythonSplit(Tokenize13a(hypotheses[i]));
            var refs = references[i].Select(r => TextSplit.PythonSplit(Tokenize13a(r))).ToList();
            if (refs.Count == 0) throw new ArgumentException($"BLEU: hypothesis {i} has no reference");
            sysLen += hyp.Count;
            refLen += ClosestRefLength(hyp.Count, refs);
            var maxRefCounts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var r in refs)
                foreach (var (gram, count) in NGramCounts(r))
                    if (count > maxRefCounts.GetValueOrDefault(gram)) maxRefCounts[gram] = count;
            foreach (var (gram, count) in NGramCounts(hyp))
            {
                var order = gram.Count(c => c == '\u0001');
                total[order] += count;
                correct[order] += Math.Min(count, maxRefCounts.GetValueOrDefault(gram));
            }
        }
        return Compute(correct, total, sysLen, refLen);
    }

    static int ClosestRefLength(int hypLen, List<List<string>> refs)
    {
        var best = refs[0].Count;
        foreach (var r in refs)
        {
            var d = Math.Abs(r.Count - hypLen);
            var bd = Math.Abs(best - hypLen);
            if (d < bd || (d == bd && r.Count < best)) best = r.Count;
        }
        return best;
    }

    // n-grams keyed by their tokens joined with U+0001 (which the tokenizer never emits); order = separators.
    static Dictionary<string, int> NGramCounts(List<string> tokens)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 1; n <= MaxOrder; n++)
            for (var i = 0; i + n <= tokens.Count; i++)
            {
                var key = string.Join('\u0001', tokens.Skip(i).Take(n));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        return counts;
    }

    /// <summary>sacrebleu's <c>compute_bleu</c> with smooth_method "exp" and effective_order off.</summary>
    public static BleuScore Compute(long[] correct, long[] total, long sysLen, long refLen)
    {
        var precisions = new double[MaxOrder];
        var smooth = 1.0;
        for (var n = 0; n < MaxOrder; n++)
        {
            if (total[n] == 0) break;
            if (correct[n] == 0)
            {
                smooth *= 2;
                precisions[n] = 100.0 / (smooth * total[n]);
            }
            else precisions[n] = 100.0 * correct[n] / total[n];
        }
        var bp = sysLen < refLen ? (sysLen > 0 ? Math.Exp(1 - (double)refLen / sysLen) : 0.0) : 1.0;
        var logSum = precisions.Sum(p => p == 0 ? -9999999999.0 : Math.Log(p));
        var score = bp * Math.Exp(logSum / MaxOrder);
        return new BleuScore(score, precisions, bp, sysLen, refLen);
    }
}

/// <summary>A corpus BLEU result: score and precisions on the 0..100 scale, brevity penalty, lengths.</summary>
public sealed record BleuScore(double Score, IReadOnlyList<double> Precisions, double BrevityPenalty, long SysLen, long RefLen);
