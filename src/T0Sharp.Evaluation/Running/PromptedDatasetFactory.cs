using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Evaluation.Suites;

namespace T0Sharp.Evaluation.Running;

/// <summary>A template for evaluation: its metadata and the renderer.</summary>
public sealed record EvalTemplate(TemplateInfo Info, ITaskTemplate Template);

/// <summary>Where evaluation templates come from (the promptsource collection, or literal ones in tests).</summary>
public interface IEvalTemplateSource
{
    /// <summary>All templates of the dataset/subset in collection order (empty when there are none).</summary>
    IReadOnlyList<EvalTemplate> ForDataset(string dataset, string? subset);
}

/// <summary>
/// Opens suite tasks over a dataset folder (<see cref="DatasetDirectory"/> layout, or the task's explicit file) and a
/// template source. Rows are rendered the t-zero way (<see cref="PromptTask"/>: hyphenated keys renamed, two parts
/// required, empty targets become unlabelled) with a fixed per-(task, row) seed (<see cref="RenderSeed"/>, stream seed
/// <see cref="Seed"/>), so a resumed run renders exactly what the first one did.
/// </summary>
public sealed class PromptedDatasetFactory(IEvalTemplateSource templates, string dataRoot) : IPromptedDatasetFactory
{
    public const long Seed = 42;

    public IPromptedDataset? Open(EvalTask task, int? limit, out string? missingReason)
    {
        string? file;
        if (task.DataFile != null) file = File.Exists(task.DataFile) ? task.DataFile : null;
        else file = Directory.Exists(dataRoot) ? new DatasetDirectory(dataRoot).FindSplitFile(task.Dataset, task.Subset, task.Split) : null;
        if (file == null)
        {
            DataLocator.Find(dataRoot, task, out var looked);
            missingReason = task.MissingHint ?? $"no data for {task.HfId} split '{task.Split}' (looked for {looked})";
            return null;
        }
        var all = templates.ForDataset(task.TemplatesDatasetName, task.TemplatesSubsetName);
        if (task.TemplateNameSuffix is { } suffix) all = all.Where(t => t.Info.Name.EndsWith(suffix, StringComparison.Ordinal)).ToList();
        if (all.Count == 0)
        {
            missingReason = $"no promptsource templates for {task.TemplatesId}" + (task.TemplateNameSuffix is { } s ? $" named '*{s}'" : "");
            return null;
        }
        IReadOnlyList<EvalTemplate> selected;
        if (task.TemplateNames is { Count: > 0 } names)
        {
            var unknown = names.Where(n => all.All(t => t.Info.Name != n)).ToList();
            if (unknown.Count > 0)
            {
                missingReason = $"templates not found for {task.TemplatesId}: " +
                                string.Join("; ", unknown.Select(u => TaskNames.Unknown("template", u, all.Select(t => t.Info.Name))));
                return null;
            }
            selected = names.Select(n => all.First(t => t.Info.Name == n)).ToList();
        }
        else selected = task.OriginalTaskOnly ? all.Where(t => t.Info.OriginalTask).ToList() : all;
        if (selected.Count == 0)
        {
            missingReason = $"{task.TemplatesId} has no original_task templates (use --all-templates)";
            return null;
        }
        var rows = DatasetDirectory.OpenFile(file).Read().Take(limit ?? int.MaxValue).ToList();
        missingReason = null;
        return new Prompted(task, selected, rows);
    }

    sealed class Prompted(EvalTask task, IReadOnlyList<EvalTemplate> templates, IReadOnlyList<SourceRow> rows) : IFlippedPromptedDataset
    {
        readonly PromptTask[] _tasks = templates.Select(t => new PromptTask(task.Dataset, task.Subset, task.Split, t.Template, $"{task.Name}_{t.Info.Name}")).ToArray();

        public IReadOnlyList<TemplateInfo> Templates { get; } = templates.Select(t => t.Info).ToList();
        public int Count => rows.Count;

        public RenderedPrompt? Render(int templateIndex, int exampleIndex)
        {
            var pt = _tasks[templateIndex];
            var ex = pt.Process(rows[exampleIndex].Values, RenderSeed.Of(Seed, pt.Name, exampleIndex, 0));
            if (ex == null) return null;
            return new RenderedPrompt(ex.Inputs, ex.IsUnlabeled ? "" : ex.Targets, ex.AnswerChoices);
        }

        public T0Sharp.Data.Flipped.FlippedExample? RenderFlipped(int templateIndex, int exampleIndex)
        {
            var pt = _tasks[templateIndex];
            return T0Sharp.Data.Flipped.FlippedTask.Flip(pt, rows[exampleIndex].Values, RenderSeed.Of(Seed, pt.Name, exampleIndex, 0),
                T0Sharp.Data.Flipped.FlippedFormat.Default);
        }
    }
}
