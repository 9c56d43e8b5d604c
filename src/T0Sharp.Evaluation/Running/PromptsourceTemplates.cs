using T0Sharp.Data.Tasks;
using T0Sharp.Prompts.Python;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Evaluation.Running;

/// <summary>
/// <see cref="IEvalTemplateSource"/> over a promptsource collection (<see cref="TemplateCollection"/>). Each render
/// converts the row into fresh Python values (so one template's list mutations never leak into another's render, as
/// in t-zero where every task reads the dataset anew) and applies the template with truncation and a
/// <see cref="PyRandom"/> seeded with the render seed.
/// </summary>
public sealed class PromptsourceTemplates(TemplateCollection collection) : IEvalTemplateSource
{
    public static PromptsourceTemplates Load(string directory) => new(TemplateCollection.Load(directory));

    public IReadOnlyList<EvalTemplate> ForDataset(string dataset, string? subset)
    {
        if (!collection.Contains(dataset, subset)) return [];
        return collection.Get(dataset, subset).Templates.Select(t => new EvalTemplate(
            new TemplateInfo(t.Name, t.Id, t.Metadata.OriginalTask, t.Metadata.Metrics, t.AnswerChoices != null),
            new Adapter(t))).ToList();
    }

    sealed class Adapter(PromptTemplate template) : ITaskTemplate
    {
        public string Name => template.Name;
        public string? Id => template.Id;
        public bool OriginalTask => template.Metadata.OriginalTask;

        public TemplateOutput Apply(IReadOnlyDictionary<string, object?> example, long seed)
        {
            var py = new Dictionary<string, object?>(example.Count, StringComparer.Ordinal);
            foreach (var (k, v) in example) py[k] = PyValue.FromDotNet(v);
            var result = template.Apply(py, new PyRandom(seed), truncate: true);
            return new TemplateOutput(result.Parts, result.AnswerChoices);
        }
    }
}
