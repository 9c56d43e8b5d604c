using T0Sharp.Data.Tasks;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Evaluation.Running;

/// <summary>
/// <see cref="IEvalTemplateSource"/> over a promptsource collection (<see cref="TemplateCollection"/>), rendering
/// through the data layer's <see cref="PromptTemplateAdapter"/> (fresh Python values and a seeded
/// <c>PyRandom</c> per render, truncation on), exactly as training tasks render.
/// </summary>
public sealed class PromptsourceTemplates(TemplateCollection collection) : IEvalTemplateSource
{
    public static PromptsourceTemplates Load(string directory) => new(TemplateCollection.Load(directory));

    public IReadOnlyList<EvalTemplate> ForDataset(string dataset, string? subset)
    {
        if (!collection.Contains(dataset, subset)) return [];
        return collection.Get(dataset, subset).Templates.Select(t => new EvalTemplate(
            new TemplateInfo(t.Name, t.Id, t.Metadata.OriginalTask, t.Metadata.Metrics, t.AnswerChoices != null),
            new PromptTemplateAdapter(t))).ToList();
    }
}
