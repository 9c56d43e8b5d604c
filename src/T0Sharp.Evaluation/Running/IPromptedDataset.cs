using T0Sharp.Evaluation.Suites;

namespace T0Sharp.Evaluation.Running;

/// <summary>What the evaluator needs to know about a prompt template.</summary>
public sealed record TemplateInfo(string Name, string Id, bool OriginalTask, IReadOnlyList<string> Metrics, bool HasAnswerChoices);

/// <summary>
/// A rendered example: the input text, the target text and, for templates with answer choices, the rendered
/// choices (each stripped, as promptsource returns them).
/// </summary>
public sealed record RenderedPrompt(string Input, string Target, IReadOnlyList<string>? Choices);

/// <summary>A task's rows together with its selected templates, able to render any (template, example) pair.</summary>
public interface IPromptedDataset
{
    IReadOnlyList<TemplateInfo> Templates { get; }

    /// <summary>Number of rows (already cut to the evaluation limit).</summary>
    int Count { get; }

    /// <summary>
    /// Renders row <paramref name="exampleIndex"/> with template <paramref name="templateIndex"/>; null when the
    /// template does not apply (promptsource returns a single part). Render errors throw; the evaluator records
    /// the example as skipped with the error message.
    /// </summary>
    RenderedPrompt? Render(int templateIndex, int exampleIndex);
}

/// <summary>A prompted dataset that can also flip its examples for Flipped Learning's scoring.</summary>
public interface IFlippedPromptedDataset : IPromptedDataset
{
    /// <summary>
    /// Row <paramref name="exampleIndex"/> flipped with template <paramref name="templateIndex"/> (same seed and
    /// choices as <see cref="IPromptedDataset.Render"/>), or null when it cannot be flipped (no answer choices, no
    /// instruction text left once the fields are removed).
    /// </summary>
    T0Sharp.Data.Flipped.FlippedExample? RenderFlipped(int templateIndex, int exampleIndex);
}

/// <summary>Opens the data and templates of suite tasks.</summary>
public interface IPromptedDatasetFactory
{
    /// <summary>The task's prompted dataset, or null with a reason (data or templates missing locally).</summary>
    IPromptedDataset? Open(EvalTask task, int? limit, out string? missingReason);
}
