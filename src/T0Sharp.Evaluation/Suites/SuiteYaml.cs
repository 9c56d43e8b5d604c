using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace T0Sharp.Evaluation.Suites;

/// <summary>
/// Custom suites from YAML. Example:
/// <code>
/// name: my-suite
/// original_task_only: true          # default for every task (default true)
/// tasks:
///   - name: cb                      # key in reports
///     dataset: super_glue/cb        # HF name[/subset]: data under &lt;data&gt;/super_glue/cb/&lt;split&gt;.jsonl
///     split: validation             # default validation
///     templates_from: super_glue/cb # optional: apply another dataset's templates (as xP3 does)
///     templates: [can we infer]     # optional explicit template names
///     data_file: my/cb.jsonl        # optional explicit file (relative to the YAML file)
///     mode: auto                    # auto | rank | generate
///     max_new_tokens: 64
/// </code>
/// Unknown keys are errors naming the file, line and key.
/// </summary>
public static class SuiteYaml
{
    sealed class SuiteDto
    {
        public string? Name { get; set; }
        public string? Label { get; set; }
        public bool? OriginalTaskOnly { get; set; }
        public List<TaskDto>? Tasks { get; set; }
    }

    sealed class TaskDto
    {
        public string? Name { get; set; }
        public string? Label { get; set; }
        public string? Dataset { get; set; }
        public string? Split { get; set; }
        public string? TemplatesFrom { get; set; }
        public List<string>? Templates { get; set; }
        public bool? OriginalTaskOnly { get; set; }
        public string? DataFile { get; set; }
        public string? Mode { get; set; }
        public int? MaxNewTokens { get; set; }
    }

    public static EvalSuite LoadFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"suite file not found: {path}", path);
        return Parse(File.ReadAllText(path), path);
    }

    public static EvalSuite Parse(string yaml, string path = "<suite>")
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        SuiteDto? dto;
        try { dto = deserializer.Deserialize<SuiteDto>(yaml); }
        catch (YamlException e)
        {
            var msg = (e.InnerException?.Message ?? e.Message).Replace("Property '", "unknown key '");
            throw new InvalidDataException($"{path}:{e.Start.Line}:{e.Start.Column}: {msg}", e);
        }
        if (dto?.Tasks == null || dto.Tasks.Count == 0) throw new InvalidDataException($"{path}: a suite needs a non-empty 'tasks' list");
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var tasks = new List<EvalTask>();
        for (var i = 0; i < dto.Tasks.Count; i++)
        {
            var t = dto.Tasks[i];
            var where = $"{path}: tasks[{i}]";
            if (string.IsNullOrWhiteSpace(t.Dataset)) throw new InvalidDataException($"{where}: 'dataset' is required (e.g. super_glue/cb)");
            var (ds, subset) = SplitId(t.Dataset);
            string? tds = null, tsub = null;
            if (t.TemplatesFrom != null) (tds, tsub) = SplitId(t.TemplatesFrom);
            var mode = (t.Mode ?? "auto").ToLowerInvariant() switch
            {
                "auto" => EvalMode.Auto,
                "rank" => EvalMode.Rank,
                "generate" or "gen" => EvalMode.Generate,
                _ => throw new InvalidDataException($"{where}: mode '{t.Mode}' must be auto, rank or generate"),
            };
            tasks.Add(new EvalTask
            {
                Name = t.Name ?? t.Dataset.Replace('/', '_'), Label = t.Label, Dataset = ds, Subset = subset,
                Split = t.Split ?? "validation", TemplateDataset = tds, TemplateSubset = tsub, TemplateNames = t.Templates,
                OriginalTaskOnly = t.OriginalTaskOnly ?? dto.OriginalTaskOnly ?? true,
                DataFile = t.DataFile == null ? null : Path.GetFullPath(Path.Combine(baseDir, t.DataFile)),
                Mode = mode, MaxNewTokens = t.MaxNewTokens ?? 64,
            });
        }
        var dup = tasks.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new InvalidDataException($"{path}: task name '{dup.Key}' is used twice; give each task a distinct 'name'");
        return new EvalSuite(dto.Name ?? Path.GetFileNameWithoutExtension(path), tasks);
    }

    static (string, string?) SplitId(string id)
    {
        var i = id.IndexOf('/');
        return i < 0 ? (id, null) : (id[..i], id[(i + 1)..]);
    }
}
