namespace T0Sharp.Synthetic;

/// <summary>
/// One procedurally generated task: a dataset name (also its template folder), its cluster (task type) and a
/// generator that draws one example (fields in a fixed order, HF-datasets style) from a seeded RNG.
/// </summary>
public sealed record SyntheticTask(string Name, string Cluster, Func<SyntheticRandom, Dictionary<string, object?>> Generate);

/// <summary>A task type, as T0 groups datasets (NLI, coreference, sentence completion...).</summary>
public sealed record SyntheticCluster(string Name, string Description, bool IsClassification, IReadOnlyList<SyntheticTask> Tasks);

internal static class Fields
{
    public static Dictionary<string, object?> Of(params (string Key, object? Value)[] fields)
    {
        var d = new Dictionary<string, object?>(fields.Length);
        foreach (var (k, v) in fields) d[k] = v;
        return d;
    }
}
