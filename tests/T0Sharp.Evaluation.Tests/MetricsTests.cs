using T0Sharp.Evaluation.Metrics;

namespace T0Sharp.Evaluation.Tests;

// Expected values are worked out by hand from the reference definitions (comments show the arithmetic).
public class MetricsTests
{
    [Fact]
    public void Squad_normalization_follows_evaluate_v1_1()
    {
        Assert.Equal("quick brown fox", SquadMetric.Normalize("The  Quick, brown fox!"));
        Assert.Equal("cat", SquadMetric.Normalize("a cat."));
        Assert.Equal("theory", SquadMetric.Normalize("theory")); // articles only as whole words
    }

    [Fact]
    public void Squad_em_and_f1_on_known_values()
    {
        Assert.Equal(1.0, SquadMetric.ExactMatch("The Cat.", "cat"));
        Assert.Equal(0.0, SquadMetric.ExactMatch("cat sat", "cat"));
        // pred [cat, sat], gold [cat, sat, down]: P = 1, R = 2/3, F1 = 0.8
        Assert.Equal(0.8, SquadMetric.F1("the cat sat", "a cat sat down"), 12);
        Assert.Equal(0.0, SquadMetric.F1("dog", "cat"));
        // repeated tokens are counted with multiplicity: pred [a1 a1], gold [a1]: same 1, P .5, R 1 -> 2/3
        Assert.Equal(2.0 / 3, SquadMetric.F1("x x", "x"), 12);
        // best over references
        Assert.Equal(1.0, SquadMetric.F1("paris", ["london", "Paris"]), 12);
    }

    [Fact]
    public void RougeL_tokenizer_and_lcs_f_measure()
    {
        Assert.Equal(["the", "cat", "s", "mat", "2"], RougeL.Tokenize("The cat's  MAT-2!"));
        // LCS(the cat sat on the mat, the cat is on the mat) = 5 of 6 and 6 -> F = 5/6
        Assert.Equal(5.0 / 6, RougeL.FMeasure("The cat sat on the mat.", "the cat is on the mat"), 12);
        // pred a b c d, ref b d e: LCS 2, P 1/2, R 2/3, F = 4/7
        Assert.Equal(4.0 / 7, RougeL.FMeasure("a b c d", "b d e"), 12);
        Assert.Equal(0.0, RougeL.FMeasure("", "b d e"));
        Assert.Equal(0.0, RougeL.FMeasure("日本語", "日本語")); // rouge_score keeps only [a-z0-9] tokens
    }

    [Fact]
    public void Sacrebleu_13a_tokenizer()
    {
        Assert.Equal("Hello , world ! It's 3.5 - 4 e . g .", SacreBleu.Tokenize13a("Hello, world! It's 3.5-4 e.g."));
        Assert.Equal("a & b \" c", SacreBleu.Tokenize13a("a &amp; b &quot;c"));
        Assert.Equal("1,000 ( x )", SacreBleu.Tokenize13a("1,000 (x)"));
    }

    [Fact]
    public void Sacrebleu_corpus_bleu_on_known_values()
    {
        Assert.Equal(100.0, SacreBleu.Corpus(["the cat sat on the mat"], [["the cat sat on the mat"]]).Score, 9);
        // hyp "the cat the cat" (4 tokens) vs ref of 6 tokens: clipped matches 3/4, 1/3, 0/2, 0/1;
        // exp smoothing turns the zero orders into 100/(2*2) and 100/(4*1); BP = exp(1 - 6/4).
        var b = SacreBleu.Corpus(["the cat the cat"], [["the cat sat on the mat"]]);
        Assert.Equal([75.0, 100.0 / 3, 25.0, 25.0], b.Precisions.Select(p => Math.Round(p, 9)).ToArray(), (x, y) => Math.Abs(x - Math.Round(y, 9)) < 1e-9);
        Assert.Equal(Math.Exp(-0.5), b.BrevityPenalty, 12);
        Assert.Equal(21.444097124017667, b.Score, 9);
        // closest reference length picks 4 (|4-4| = 0) over 6, so no brevity penalty
        Assert.Equal(1.0, SacreBleu.Corpus(["the cat the cat"], [["the cat sat on the mat", "a b c d"]]).BrevityPenalty);
    }

    [Fact]
    public void Generation_metrics_from_template_metadata()
    {
        var m = GenerationMetrics.Compute(["BLEU", "ROUGE", "Squad", "Other"], ["The cat.", "dog"], [["the cat"], [" dog "]]);
        Assert.Equal(["bleu", "exact_match", "rougeL", "squad_em", "squad_f1"], m.Keys);
        Assert.Equal(50.0, m["exact_match"], 9); // "dog" == " dog ".Trim(); "The cat." != "the cat"
        Assert.Equal(100.0, m["rougeL"], 9);
        Assert.Equal(100.0, m["squad_em"], 9);
        Assert.Equal(["Other"], GenerationMetrics.Unsupported(["Accuracy", "Other", "BLEU"]));
    }
}
