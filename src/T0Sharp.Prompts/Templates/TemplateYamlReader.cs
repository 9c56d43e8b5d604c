using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace T0Sharp.Prompts.Templates;

/// <summary>
/// Reads one promptsource <c>templates.yaml</c> with YamlDotNet: a root mapping with <c>dataset</c>, an optional
/// <c>subset</c> and <c>templates</c> (uuid → <c>!Template</c> mapping). Tags are accepted but not required,
/// anchors and aliases resolve to the same node, and YamlDotNet's scanner implements every scalar style and
/// escape promptsource uses (folding, <c>\xFC</c>, <c>\U0001F60D</c>, escaped line breaks and spaces).
/// Malformed YAML throws <see cref="TemplateLoadException"/>; a template with missing keys is skipped and
/// reported in <see cref="DatasetTemplates.Problems"/>.
/// </summary>
internal static class TemplateYamlReader
{
    public static DatasetTemplates Read(string file, string fallbackDataset, string? fallbackSubset)
    {
        string text;
        try { text = File.ReadAllText(file); }
        catch (IOException e) { throw new TemplateLoadException(new(file, 1, 1, "cannot read file: " + e.Message), e); }
        return Parse(text, file, fallbackDataset, fallbackSubset);
    }

    static bool TryLoad(string text, out YamlStream stream)
    {
        stream = new YamlStream();
        try { stream.Load(new StringReader(text)); return true; }
        catch (YamlException) { return false; }
    }

    public static DatasetTemplates Parse(string text, string file, string fallbackDataset, string? fallbackSubset)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            // What PyYAML reads despite YamlDotNet (see PyYamlLeniency); the original error when that fails too.
            if (PyYamlLeniency.Repair(text) is not { } repaired || !TryLoad(repaired, out stream))
            {
                var line = Math.Max(1, (int)e.Start.Line);
                var col = Math.Max(1, (int)e.Start.Column);
                throw new TemplateLoadException(new(file, line, col,
                    $"malformed YAML: {TrimMark(e.Message)}{OffendingLine(text, line)}"), e);
            }
        }

        var problems = new List<TemplateProblem>();
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new TemplateLoadException(new(file, 1, 1, "expected a mapping with 'dataset' and 'templates' keys"));

        var dataset = ScalarOrNull(Child(root, "dataset")) ?? fallbackDataset;
        var subset = Child(root, "subset") is { } subsetNode ? ScalarOrNull(subsetNode) : fallbackSubset;
        var templates = new List<PromptTemplate>();
        switch (Child(root, "templates"))
        {
            case null:
                problems.Add(At(file, root, "missing key 'templates'"));
                break;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                    if (ReadTemplate(file, key, value, dataset, subset, problems) is { } t) templates.Add(t);
                break;
            case var other:
                problems.Add(At(file, other, "'templates' must be a mapping of id to !Template"));
                break;
        }

        templates.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in templates.OrderBy(t => t.Source.NameLine).ThenBy(t => t.Source.NameColumn))
            if (!seen.Add(t.Name))
                problems.Add(new(file, t.Source.NameLine, t.Source.NameColumn, $"duplicate template name '{t.Name}'"));
        return new DatasetTemplates(file, dataset, subset, templates, problems);
    }

    static PromptTemplate? ReadTemplate(string file, YamlNode key, YamlNode node, string dataset, string? subset,
        List<TemplateProblem> problems)
    {
        if (node is not YamlMappingNode map)
        {
            problems.Add(At(file, node, $"template '{ScalarOrNull(key)}' must be a mapping"));
            return null;
        }
        string? Required(string name)
        {
            var child = Child(map, name);
            if (child is YamlScalarNode && ScalarOrNull(child) is { } s) return s;
            problems.Add(At(file, child ?? map, child is null
                ? $"template '{ScalarOrNull(key)}' is missing key '{name}'"
                : $"template '{ScalarOrNull(key)}': '{name}' must be a string"));
            return null;
        }
        var id = Required("id");
        var name = Required("name");
        var jinja = Required("jinja");
        if (id is null || name is null || jinja is null) return null;

        string? choices = null;
        var choicesNode = Child(map, "answer_choices");
        if (choicesNode is YamlScalarNode) choices = ScalarOrNull(choicesNode);
        else if (choicesNode is not null) problems.Add(At(file, choicesNode, $"template '{name}': 'answer_choices' must be a string or null"));

        var metadata = ReadMetadata(file, name, Child(map, "metadata"), problems);
        var reference = Child(map, "reference") is YamlScalarNode r ? ScalarOrNull(r) ?? "" : "";
        var nameNode = Child(map, "name")!;
        var source = new TemplateSource(file, (int)nameNode.Start.Line, (int)nameNode.Start.Column,
            SpanOf(Child(map, "jinja")!), choicesNode is YamlScalarNode c ? SpanOf(c) : null);
        return new PromptTemplate(id, name, jinja, choices, metadata, reference, dataset, subset, source);
    }

    static TemplateMetadata ReadMetadata(string file, string name, YamlNode? node, List<TemplateProblem> problems)
    {
        if (node is null) return TemplateMetadata.Empty;
        if (node is not YamlMappingNode map)
        {
            problems.Add(At(file, node, $"template '{name}': 'metadata' must be a mapping"));
            return TemplateMetadata.Empty;
        }
        bool? Bool(string key)
        {
            var v = ScalarOrNull(Child(map, key));
            if (v is null) return null;
            if (PlainBool(v) is { } b) return b;
            problems.Add(At(file, Child(map, key)!, $"template '{name}': metadata '{key}' must be true, false or null"));
            return null;
        }
        IReadOnlyList<string> List(string key) => Child(map, key) switch
        {
            YamlSequenceNode seq => seq.Children.Select(ScalarOrNull).OfType<string>().ToArray(),
            null => [],
            var other when ScalarOrNull(other) is null => [],
            var other => Fail(other, key),
        };
        IReadOnlyList<string> Fail(YamlNode n, string key)
        {
            problems.Add(At(file, n, $"template '{name}': metadata '{key}' must be a list"));
            return [];
        }
        return new TemplateMetadata(Bool("original_task") ?? false, Bool("choices_in_prompt"), List("metrics"), List("languages"));
    }

    static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    /// <summary>The scalar's string value, or null for YAML null (plain <c>null</c>, <c>~</c> or empty).</summary>
    static string? ScalarOrNull(YamlNode? node)
    {
        if (node is not YamlScalarNode s) return null;
        if (s.Style is ScalarStyle.Plain or ScalarStyle.Any && s.Value is null or "" or "~" or "null" or "Null" or "NULL")
            return null;
        return s.Value;
    }

    static bool? PlainBool(string v) => v switch
    {
        "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" => false,
        _ => null,
    };

    static ScalarSpan SpanOf(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column,
        node is YamlScalarNode s ? s.Style : ScalarStyle.Any, (int)node.End.Line);

    static TemplateProblem At(string file, YamlNode node, string message) =>
        new(file, Math.Max(1, (int)node.Start.Line), Math.Max(1, (int)node.Start.Column), message);

    static string TrimMark(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 40) - (Line: ...): "; the position is printed separately.
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && i > 0 ? message[(i + 3)..] : message;
    }

    internal static string OffendingLine(string text, int line)
    {
        var lines = text.Split('\n');
        return line >= 1 && line <= lines.Length ? $"\n    {lines[line - 1].TrimEnd('\r')}" : "";
    }
}

/// <summary>Where a scalar sits in its YAML file (1-based), used to map template syntax errors into the file.</summary>
internal sealed record ScalarSpan(int Line, int Column, ScalarStyle Style, int EndLine);

/// <summary>Where a template came from: its file and the positions of its name, jinja and answer_choices.</summary>
internal sealed record TemplateSource(string File, int NameLine, int NameColumn, ScalarSpan Jinja, ScalarSpan? AnswerChoices)
{
    public static TemplateSource None { get; } = new("", 1, 1, new ScalarSpan(1, 1, ScalarStyle.Any, 1), null);
}
