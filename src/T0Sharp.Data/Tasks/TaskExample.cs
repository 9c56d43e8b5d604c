namespace T0Sharp.Data.Tasks;

/// <summary>
/// One example of a task, as t-zero's seqio tasks produce it: the prompt (<see cref="Inputs"/>), the expected
/// answer (<see cref="Targets"/>, "&lt;NO LABEL&gt;" when the template rendered an empty target) and the answer
/// choices for rank classification (null when the template has none).
/// </summary>
public sealed record TaskExample(string Inputs, string Targets, IReadOnlyList<string>? AnswerChoices)
{
    /// <summary>t-zero's stand-in for an empty target (unlabeled splits such as test sets).</summary>
    public const string NoLabel = "<NO LABEL>";

    /// <summary>True when the target is <see cref="NoLabel"/>.</summary>
    public bool IsUnlabeled => Targets == NoLabel;
}
