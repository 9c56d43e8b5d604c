using T0Sharp.Prompts.Python;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Data.Tasks;

/// <summary>
/// Adapts a promptsource <see cref="PromptTemplate"/> to <see cref="ITaskTemplate"/>: each render gets a fresh
/// CPython-exact <see cref="PyRandom"/> seeded with the render seed (see <see cref="RenderSeed"/>) and fresh Python
/// values converted from the row, and applies the template with truncation on, as t-zero does.
/// </summary>
public sealed class PromptTemplateAdapter(PromptTemplate template) : ITaskTemplate, IInstructionTemplate
{
    public PromptTemplate Template => template;
    public string Name => template.Name;
    public string? Id => template.Id;
    public bool OriginalTask => template.Metadata.OriginalTask;
    public bool HasAnswerChoices => !string.IsNullOrEmpty(template.AnswerChoices);

    public TemplateOutput Apply(IReadOnlyDictionary<string, object?> example, long seed)
    {
        // Fresh Python values per render: the answer_choices and prompt renders of one apply share the same
        // lists (as in Python), and one template's list mutations never leak into another task's render.
        var py = new Dictionary<string, object?>(example.Count, StringComparer.Ordinal);
        foreach (var (k, v) in example) py[k] = PyValue.FromDotNet(v);
        var result = template.Apply(py, new PyRandom(seed), truncate: true);
        return new TemplateOutput(result.Parts, result.AnswerChoices);
    }

    /// <summary>
    /// The input split into the template's own text and the output of expressions that use a variable (the
    /// example's fields, answer_choices, or values set from them); expressions over literals only, such as
    /// <c>{{ ["Is it", "Was it"] | choice }}</c>, count as template text.
    /// </summary>
    public IReadOnlyList<TemplateSegment>? Segments(IReadOnlyDictionary<string, object?> example, long seed)
    {
        var py = new Dictionary<string, object?>(example.Count, StringComparer.Ordinal);
        foreach (var (k, v) in example) py[k] = PyValue.FromDotNet(v);
        var result = template.ApplyMarked(py, new PyRandom(seed), truncate: true);
        return result.Parts.Count == 0 ? null : TemplateSegment.FromMarked(result.Parts[0]);
    }
}

/// <summary>The templates of a promptsource collection folder (default: the bundled P3 collection), as tasks need them.</summary>
public sealed class PromptCollectionProvider(TemplateCollection collection) : ITemplateProvider
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string?), IReadOnlyList<ITaskTemplate>> _cache = new();

    public TemplateCollection Collection => collection;

    /// <summary>Loads <paramref name="folder"/>, or the bundled collection when null.</summary>
    public static PromptCollectionProvider Load(string? folder) =>
        new(folder == null ? TemplateCollection.Default : TemplateCollection.Load(folder));

    public IReadOnlyList<ITaskTemplate> ForDataset(string dataset, string? subset) =>
        _cache.GetOrAdd((dataset, subset), k => collection.Contains(k.Item1, k.Item2)
            ? collection.Get(k.Item1, k.Item2).Templates.Select(t => (ITaskTemplate)new PromptTemplateAdapter(t)).ToList()
            : []);
}
