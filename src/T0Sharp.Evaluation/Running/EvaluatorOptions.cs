using T0Sharp.Evaluation.Scoring;

namespace T0Sharp.Evaluation.Running;

/// <summary>Settings of one evaluation run.</summary>
public sealed record EvaluatorOptions
{
    /// <summary>Score the report leads with (all three are always computed and stored).</summary>
    public ScoringMethod Primary { get; init; } = ScoringMethod.Sum;
    /// <summary>Evaluate at most this many rows per dataset (the first ones); null = all.</summary>
    public int? Limit { get; init; }
    /// <summary>Examples per scoring call (each example brings all its choices).</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Inputs longer than this many tokens are truncated (T0 used 1024).</summary>
    public int MaxInputTokens { get; init; } = 1024;
    public GenerationOptions Generation { get; init; } = new();
    /// <summary>Name written into results.json (defaults to the output folder's name).</summary>
    public string? RunName { get; init; }
}
