namespace T0Sharp.Data.Tasks;

/// <summary>
/// What a task needs from a prompt template: its identity and a pure function from an example (and a seed
/// for the template's random choices) to the rendered parts. <see cref="PromptTemplateAdapter"/> wraps
/// promptsource templates from T0Sharp.Prompts; tests use literal fakes.
/// </summary>
public interface ITaskTemplate
{
    /// <summary>The template's name (e.g. "GPT-3 style"); part of the task name.</summary>
    string Name { get; }

    /// <summary>promptsource's template id (a UUID), or null.</summary>
    string? Id { get; }

    /// <summary>promptsource metadata <c>original_task</c>: the prompt asks for the dataset's own task.</summary>
    bool OriginalTask { get; }

    /// <summary>
    /// Whether the template defines answer choices (promptsource's <c>answer_choices</c> is set and not empty), which
    /// is when t-zero registers a rank-classification <c>_score_eval</c> task for it.
    /// </summary>
    bool HasAnswerChoices => false;

    /// <summary>
    /// Renders the example as promptsource's <c>apply(example, truncate=True)</c> does: parts split at "|||" and
    /// stripped, plus the answer choices when the template has any. Random choices draw from an RNG seeded with
    /// <paramref name="seed"/>, so the same (example, seed) always renders the same.
    /// </summary>
    TemplateOutput Apply(IReadOnlyDictionary<string, object?> example, long seed);
}

/// <summary>A rendered template: its parts (inputs, targets when there are two) and its answer choices (null when none).</summary>
public sealed record TemplateOutput(IReadOnlyList<string> Parts, IReadOnlyList<string>? AnswerChoices);

/// <summary>The templates available for each dataset (a promptsource collection, or a literal one in tests).</summary>
public interface ITemplateProvider
{
    /// <summary>The dataset/subset's templates in collection order; empty when the collection has none.</summary>
    IReadOnlyList<ITaskTemplate> ForDataset(string dataset, string? subset);
}
