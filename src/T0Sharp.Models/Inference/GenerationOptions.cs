namespace T0Sharp.Models;

/// <summary>
/// Decoding settings with Hugging Face generate()'s meaning and defaults. Greedy when NumBeams = 1 and DoSample is
/// false; beam search when NumBeams &gt; 1; sampling (temperature, then top-k, then top-p) when DoSample is true.
/// </summary>
public sealed record GenerationOptions
{
    public int MaxNewTokens { get; init; } = 20;
    public int NumBeams { get; init; } = 1;
    /// <summary>Beam scores are sum log-prob / generated_length ** LengthPenalty.</summary>
    public double LengthPenalty { get; init; } = 1.0;
    /// <summary>Beam search stops once NumBeams hypotheses finished (true), or when no open beam can beat them (false).</summary>
    public bool EarlyStopping { get; init; }
    public bool DoSample { get; init; }
    public double Temperature { get; init; } = 1.0;
    /// <summary>Top-k filter when sampling (transformers' default 50; 0 disables).</summary>
    public int TopK { get; init; } = 50;
    public double TopP { get; init; } = 1.0;
    public long? Seed { get; init; }
    /// <summary>Overrides the config's eos_token_id.</summary>
    public int? EosTokenId { get; init; }

    public void Validate()
    {
        if (MaxNewTokens < 0) throw new ArgumentException($"max-new-tokens must be >= 0 (got {MaxNewTokens}).");
        if (NumBeams < 1) throw new ArgumentException($"num-beams must be >= 1 (got {NumBeams}).");
        if (DoSample && NumBeams > 1) throw new ArgumentException("Beam sampling is not supported: use --do-sample with --num-beams 1.");
        if (!(Temperature > 0)) throw new ArgumentException($"temperature must be > 0 (got {Temperature}).");
        if (!(TopP > 0 && TopP <= 1)) throw new ArgumentException($"top-p must be in (0, 1] (got {TopP}).");
        if (TopK < 0) throw new ArgumentException($"top-k must be >= 0 (got {TopK}).");
    }
}
