namespace T0Sharp.Prompts.Templates;

/// <summary>
/// The templates of one dataset (and subset): one promptsource <c>templates.yaml</c>. Templates are sorted in
/// ordinal order of name (Python's string order, which promptsource and t-zero use); lookup is by name.
/// </summary>
public sealed class DatasetTemplates
{
    readonly Dictionary<string, PromptTemplate> byName = new(StringComparer.Ordinal);

    internal DatasetTemplates(string file, string dataset, string? subset, IReadOnlyList<PromptTemplate> templates,
        IReadOnlyList<TemplateProblem> problems)
    {
        File = file;
        Dataset = dataset;
        Subset = subset;
        Templates = templates;
        Problems = problems;
        foreach (var t in templates) byName[t.Name] = t;   // like promptsource's dict: a later duplicate wins
    }

    /// <summary>Reads one templates.yaml file (dataset and subset come from its <c>dataset</c>/<c>subset</c> keys).</summary>
    public static DatasetTemplates Load(string file) =>
        TemplateYamlReader.Read(file, Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file)))!, null);

    /// <summary>Parses templates.yaml text; <paramref name="file"/> is only used in messages.</summary>
    public static DatasetTemplates Parse(string yaml, string file = "templates.yaml") =>
        TemplateYamlReader.Parse(yaml, file, "", null);

    public string File { get; }
    public string Dataset { get; }
    public string? Subset { get; }

    /// <summary>"dataset" or "dataset/subset".</summary>
    public string Key => Subset is null ? Dataset : $"{Dataset}/{Subset}";

    /// <summary>All templates, in ordinal order of name.</summary>
    public IReadOnlyList<PromptTemplate> Templates { get; }

    /// <summary>Problems found while reading (missing keys, duplicate names); such templates are skipped.</summary>
    public IReadOnlyList<TemplateProblem> Problems { get; }

    public IEnumerable<string> Names => Templates.Select(t => t.Name);

    public bool TryGet(string name, out PromptTemplate template) => byName.TryGetValue(name, out template!);

    /// <summary>The template named <paramref name="name"/>; throws listing the available names when missing.</summary>
    public PromptTemplate this[string name] => byName.TryGetValue(name, out var t) ? t
        : throw new KeyNotFoundException($"{Key} has no template named '{name}'. Available: " +
            string.Join(", ", Templates.Select(x => $"'{x.Name}'")));

    /// <summary>
    /// Every problem in this file: reading problems plus template syntax errors (jinja after the truncation
    /// rewrite, and answer_choices), located in the YAML file where the position can be mapped.
    /// </summary>
    public IReadOnlyList<TemplateProblem> Validate()
    {
        var all = new List<TemplateProblem>(Problems);
        foreach (var t in Templates) all.AddRange(t.Validate());
        return all.OrderBy(p => p.Line).ThenBy(p => p.Column).ToList();
    }
}
