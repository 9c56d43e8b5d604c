namespace T0Sharp.Evaluation.Scoring;

/// <summary>How the log-probabilities of an answer choice's tokens become one score (higher is better).</summary>
public enum ScoringMethod
{
    /// <summary>Sum of the target tokens' log-probabilities (T0, t-zero's run_eval, seqio rank_classification).</summary>
    Sum,

    /// <summary>The sum divided by the number of target tokens, EOS included (T-Few's length normalization).</summary>
    Mean,

    /// <summary>
    /// The sum divided by the choice's length in characters (lm-evaluation-harness <c>acc_norm</c>): Unicode code
    /// points of the answer-choice text as rendered by the template (stripped, without the leading space a
    /// decoder-only continuation gets), as lm-eval divides by <c>len(choice)</c> of <c>doc_to_choice</c>.
    /// </summary>
    Char,

    /// <summary>
    /// Flipped Learning: the choice under which the model finds the instruction most likely, argmax over labels of
    /// log P(instruction | input, label) summed over the instruction's tokens (see <see cref="FlippedScoring"/>).
    /// Needs an extra model pass per choice, so it is computed only when asked for.
    /// </summary>
    Flipped,
}

public static class ScoringMethods
{
    public static readonly IReadOnlyList<ScoringMethod> All = [ScoringMethod.Sum, ScoringMethod.Mean, ScoringMethod.Char];

    /// <summary>The short name used in files and on the command line: sum, mean, char.</summary>
    public static string Key(this ScoringMethod m) => m switch
    {
        ScoringMethod.Sum => "sum",
        ScoringMethod.Mean => "mean",
        ScoringMethod.Char => "char",
        ScoringMethod.Flipped => "flipped",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public static ScoringMethod Parse(string s) => s.Trim().ToLowerInvariant() switch
    {
        "sum" => ScoringMethod.Sum,
        "mean" or "token" => ScoringMethod.Mean,
        "char" or "chars" or "acc_norm" => ScoringMethod.Char,
        "flipped" => ScoringMethod.Flipped,
        _ => throw new ArgumentException($"unknown scoring '{s}': use sum, mean, char or flipped"),
    };
}
