using System.Text.RegularExpressions;
using T0Sharp.Core;

namespace T0Sharp.Prompts.Templates;

/// <summary>
/// A promptsource template collection: <c>DIR/&lt;dataset&gt;[/&lt;subset&gt;]/templates.yaml</c>. Files are found
/// when the collection is loaded and parsed on first use (thread-safe), so one malformed file does not stop the
/// others. User namespaces (<c>Zaid/coqa_expanded</c>) are recognised because their file declares no subset; three
/// levels are a namespace, a dataset and a subset (<c>Muennighoff/xwinograd/en</c> in the xP3 collections). Only files
/// named <c>templates.yaml</c> count, as in promptsource (the xP3 fork's one <c>template.yaml</c> is ignored there too).
/// </summary>
public sealed partial class TemplateCollection
{
    static readonly Lazy<TemplateCollection> DefaultCollection = new(() => Load(BuiltInAssets.PromptTemplates));
    readonly Dictionary<(string Dataset, string? Subset), Lazy<DatasetTemplates>> files = new();

    TemplateCollection(string directory) => Directory = directory;

    /// <summary>The built-in P3 collection (promptsource HEAD) shipped under assets/promptsource/templates.</summary>
    public static TemplateCollection Default => DefaultCollection.Value;

    /// <summary>The promptsource v0.1.0 files that T0 was trained and evaluated with (T0 datasets only).</summary>
    public static TemplateCollection LoadV010() => Load(BuiltInAssets.PromptTemplatesV010);

    public string Directory { get; }

    /// <summary>Indexes every templates.yaml under <paramref name="directory"/> (one to three folder levels deep).</summary>
    public static TemplateCollection Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"templates folder not found: {directory}");
        var full = Path.GetFullPath(directory);
        var collection = new TemplateCollection(full);
        var yamlFiles = System.IO.Directory.EnumerateFiles(full, "templates.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal);
        foreach (var file in yamlFiles)
        {
            var rel = Path.GetRelativePath(full, Path.GetDirectoryName(file)!).Split(Path.DirectorySeparatorChar);
            if (rel.Length is < 1 or > 3 || rel[0] == ".") continue;
            var (dataset, subset) = rel.Length switch
            {
                1 => (rel[0], (string?)null),
                2 => DeclaresSubset(file) ? (rel[0], rel[1]) : ($"{rel[0]}/{rel[1]}", null),
                _ => ($"{rel[0]}/{rel[1]}", rel[2]),   // a user namespace with subsets: Muennighoff/xwinograd/en
            };
            collection.files[(dataset, subset)] = new Lazy<DatasetTemplates>(() => TemplateYamlReader.Read(file, dataset, subset));
        }
        return collection;
    }

    /// <summary>(dataset, subset) of every file, in ordinal order.</summary>
    public IReadOnlyList<(string Dataset, string? Subset)> Keys => files.Keys
        .OrderBy(k => k.Dataset, StringComparer.Ordinal).ThenBy(k => k.Subset ?? "", StringComparer.Ordinal).ToList();

    public IEnumerable<string> Datasets => Keys.Select(k => k.Dataset).Distinct();

    /// <summary>The subsets of <paramref name="dataset"/> (empty when it has a single file without subset).</summary>
    public IEnumerable<string> SubsetsOf(string dataset) =>
        Keys.Where(k => k.Dataset == dataset && k.Subset is not null).Select(k => k.Subset!);

    public bool Contains(string dataset, string? subset = null) => files.ContainsKey((dataset, subset));

    /// <summary>Loads (once) and returns one file's templates; throws naming the closest keys when missing.</summary>
    public DatasetTemplates Get(string dataset, string? subset = null)
    {
        if (files.TryGetValue((dataset, subset), out var lazy)) return lazy.Value;
        var key = subset is null ? dataset : $"{dataset}/{subset}";
        var subsets = SubsetsOf(dataset).ToList();
        var hint = subsets.Count > 0
            ? $"'{dataset}' has subsets: {string.Join(", ", subsets)}"
            : "closest: " + string.Join(", ", Keys.Select(k => k.Subset is null ? k.Dataset : $"{k.Dataset}/{k.Subset}")
                .OrderBy(k => EditDistance(k, key)).Take(3));
        throw new KeyNotFoundException($"no templates for '{key}' in {Directory} ({hint})");
    }

    public PromptTemplate Get(string dataset, string? subset, string name) => Get(dataset, subset)[name];

    /// <summary>Every file, loaded, in key order (throws on the first malformed file).</summary>
    public IEnumerable<DatasetTemplates> All => Keys.Select(k => Get(k.Dataset, k.Subset));

    /// <summary>Every problem in every file: malformed YAML, missing keys, duplicate names, syntax errors.</summary>
    public IReadOnlyList<TemplateProblem> Validate()
    {
        var problems = new List<TemplateProblem>();
        foreach (var key in Keys)
        {
            try { problems.AddRange(files[key].Value.Validate()); }
            catch (TemplateLoadException e) { problems.Add(e.Problem); }
        }
        return problems;
    }

    static bool DeclaresSubset(string file)
    {
        // The keys are sorted (PyYAML dump), so 'subset:' comes before 'templates:' at the top level.
        foreach (var line in File.ReadLines(file))
        {
            if (line.StartsWith("templates:", StringComparison.Ordinal)) return false;
            if (SubsetLine().IsMatch(line)) return true;
        }
        return false;
    }

    [GeneratedRegex(@"^subset:\s*\S")]
    private static partial Regex SubsetLine();

    static int EditDistance(string a, string b)
    {
        var d = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            int prev = d[0], cur;
            d[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), prev + (a[i - 1] == b[j - 1] ? 0 : 1));
                prev = cur;
            }
        }
        return d[b.Length];
    }
}
