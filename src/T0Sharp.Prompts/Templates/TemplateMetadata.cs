namespace T0Sharp.Prompts.Templates;

/// <summary>
/// promptsource's <c>!TemplateMetadata</c>: whether the template performs the dataset's original task (T0's
/// main evaluation uses only those), whether the answer choices appear in the prompt (null when unknown),
/// the metrics to report and the languages (absent at v0.1.0, then empty).
/// </summary>
public sealed record TemplateMetadata(
    bool OriginalTask,
    bool? ChoicesInPrompt,
    IReadOnlyList<string> Metrics,
    IReadOnlyList<string> Languages)
{
    /// <summary>Metadata of a template whose YAML has no metadata mapping.</summary>
    public static TemplateMetadata Empty { get; } = new(false, null, [], []);
}
