namespace T0Sharp.Evaluation.Suites;

/// <summary>How a template's examples are scored.</summary>
public enum EvalMode
{
    /// <summary>Rank classification when the template has answer choices, generation otherwise.</summary>
    Auto,
    Rank,
    Generate,
}

/// <summary>
/// One dataset of a suite: where its rows come from (Hugging Face name, subset, split, or an explicit file),
/// which prompt templates apply (the templates of <see cref="TemplateDataset"/>/<see cref="TemplateSubset"/>,
/// optionally only <c>original_task: true</c> ones or an explicit list) and how they are scored.
/// </summary>
public sealed record EvalTask
{
    /// <summary>Short key used in files and reports, e.g. "anli_r1", "cb", "xnli_fr".</summary>
    public required string Name { get; init; }
    /// <summary>Label for tables and plots, e.g. "ANLI R1".</summary>
    public string? Label { get; init; }
    public required string Dataset { get; init; }
    public string? Subset { get; init; }
    public required string Split { get; init; }
    /// <summary>Dataset whose promptsource templates are applied (defaults to <see cref="Dataset"/>).</summary>
    public string? TemplateDataset { get; init; }
    public string? TemplateSubset { get; init; }
    /// <summary>Explicit template names; null means all templates (or all original-task ones).</summary>
    public IReadOnlyList<string>? TemplateNames { get; init; }
    public bool OriginalTaskOnly { get; init; } = true;
    /// <summary>Keeps only templates whose name ends with this (xP3mt's translated prompts: "_frmt"); applied before the other rules.</summary>
    public string? TemplateNameSuffix { get; init; }
    /// <summary>An explicit data file (.jsonl, .json, .csv or .parquet) instead of the dataset folder layout.</summary>
    public string? DataFile { get; init; }
    public EvalMode Mode { get; init; } = EvalMode.Auto;
    public int MaxNewTokens { get; init; } = 64;
    /// <summary>Why this task may be unavailable locally (shown when its data is missing), e.g. a manual download.</summary>
    public string? MissingHint { get; init; }

    public string DisplayLabel => Label ?? Name;
    public string TemplatesDatasetName => TemplateDataset ?? Dataset;
    public string? TemplatesSubsetName => TemplateDataset == null ? Subset : TemplateSubset;
    public string HfId => Subset == null ? Dataset : $"{Dataset}/{Subset}";
    public string TemplatesId => TemplatesSubsetName == null ? TemplatesDatasetName : $"{TemplatesDatasetName}/{TemplatesSubsetName}";
}

/// <summary>A named list of evaluation tasks.</summary>
public sealed record EvalSuite(string Name, IReadOnlyList<EvalTask> Tasks)
{
    /// <summary>The template collection the suite's tasks name (null: the bundled P3 collection); --templates overrides it.</summary>
    public string? DefaultTemplates { get; init; }

    /// <summary>The same suite with every task using all templates instead of only the original-task ones.</summary>
    public EvalSuite WithAllTemplates() =>
        this with { Tasks = Tasks.Select(t => t with { OriginalTaskOnly = false, TemplateNames = null }).ToList() };

    /// <summary>Keeps the tasks whose name (or HF id) is in <paramref name="names"/>; unknown names are an error listing the known ones.</summary>
    public EvalSuite Only(IReadOnlyCollection<string> names)
    {
        var unknown = names.Where(n => !Tasks.Any(t => t.Name == n || t.HfId == n)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"suite '{Name}' has no task {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                $"its tasks: {string.Join(", ", Tasks.Select(t => t.Name))}");
        return this with { Tasks = Tasks.Where(t => names.Contains(t.Name) || names.Contains(t.HfId)).ToList() };
    }
}
