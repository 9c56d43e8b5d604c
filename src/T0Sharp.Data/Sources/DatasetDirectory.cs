using System.Collections.Concurrent;

namespace T0Sharp.Data.Sources;

/// <summary>
/// A folder of datasets laid out as <c>&lt;dataset&gt;[/&lt;subset&gt;]/&lt;split&gt;.{jsonl,parquet,csv,tsv}</c>
/// (assets/datasets uses it). For a dataset without subset (t-zero's empty subset) the split file is looked up
/// directly under <c>&lt;dataset&gt;/</c>, then under the Hugging Face default config names <c>default/</c> and
/// <c>plain_text/</c>, then in the dataset's only sub-folder if it has exactly one. When several formats exist for one
/// split, the first of jsonl, parquet, csv, tsv wins. Row counts are computed once and remembered.
/// </summary>
public sealed class DatasetDirectory
{
    static readonly string[] Extensions = [".jsonl", ".parquet", ".csv", ".tsv"];
    static readonly string[] DefaultConfigs = ["default", "plain_text"];
    readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public DatasetDirectory(string root, SourceOptions? options = null)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"data folder '{root}' does not exist (expected <dataset>[/<subset>]/<split>.jsonl|parquet|csv|tsv)");
        Root = Path.GetFullPath(root);
        Options = options ?? SourceOptions.Strict;
    }

    /// <summary>The folder, absolute.</summary>
    public string Root { get; }

    /// <summary>Options every source opened here uses (bad-row policy and log).</summary>
    public SourceOptions Options { get; }

    /// <summary>The file holding the split, or null when it is not here.</summary>
    public string? FindSplitFile(string dataset, string? subset, string split)
    {
        foreach (var dir in CandidateFolders(dataset, subset))
            foreach (var ext in Extensions)
            {
                var file = Path.Combine(dir, split + ext);
                if (File.Exists(file)) return file;
            }
        return null;
    }

    /// <summary>Splits present for the dataset/subset (file names without extension), sorted.</summary>
    public IReadOnlyList<string> Splits(string dataset, string? subset) =>
        CandidateFolders(dataset, subset)
            .SelectMany(d => Directory.EnumerateFiles(d))
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>True when <c>&lt;root&gt;/&lt;dataset&gt;</c> is a folder.</summary>
    public bool HasDataset(string dataset) => Directory.Exists(Path.Combine(Root, dataset));

    /// <summary>The dataset's config folders that hold at least one data file, sorted (a dataset's local configs).</summary>
    public IReadOnlyList<string> Subsets(string dataset)
    {
        var ds = Path.Combine(Root, dataset);
        if (!Directory.Exists(ds)) return [];
        return Directory.GetDirectories(ds)
            .Where(d => Directory.EnumerateFiles(d).Any(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)))
            .Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Opens the split, or null when it is not here.</summary>
    public IExampleSource? Open(string dataset, string? subset, string split) =>
        FindSplitFile(dataset, subset, split) is { } file ? OpenFile(file, Options) : null;

    /// <summary>Readable records in the split (0 when it is missing); computed once.</summary>
    public long CountRows(string dataset, string? subset, string split) =>
        FindSplitFile(dataset, subset, split) is { } file ? _counts.GetOrAdd(file, f => OpenFile(f, Options).CountRows()) : 0;

    /// <summary>Opens one file by its extension.</summary>
    public static IExampleSource OpenFile(string file, SourceOptions? options = null) =>
        Path.GetExtension(file).ToLowerInvariant() switch
        {
            ".jsonl" or ".json" => new JsonlSource(file, options),
            ".parquet" => new ParquetSource(file),
            ".csv" or ".tsv" => CsvSource.ForFile(file, options),
            var ext => throw new NotSupportedException($"{file}: unsupported data file type '{ext}' (use .jsonl, .parquet, .csv or .tsv)"),
        };

    IEnumerable<string> CandidateFolders(string dataset, string? subset)
    {
        var ds = Path.Combine(Root, dataset);
        if (!Directory.Exists(ds)) yield break;
        if (!string.IsNullOrEmpty(subset))
        {
            var sub = Path.Combine(ds, subset);
            if (Directory.Exists(sub)) yield return sub;
            yield break;
        }
        yield return ds;
        foreach (var name in DefaultConfigs)
            if (Directory.Exists(Path.Combine(ds, name))) yield return Path.Combine(ds, name);
        var subs = Directory.GetDirectories(ds);
        if (subs.Length == 1 && !DefaultConfigs.Contains(Path.GetFileName(subs[0]))) yield return subs[0];
    }
}
