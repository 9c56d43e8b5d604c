using T0Sharp.Synthetic.World;

namespace T0Sharp.Synthetic;

/// <summary>
/// One task type of the synthetic suite, as one dataset (also its template folder): T0's unit of holding out.
/// <see cref="Generate"/> draws one example (fields in a fixed order, HF-datasets style) from a half of the world:
/// training task types draw from the A half, held-out task types from the B half.
/// </summary>
public sealed record SyntheticTask(string Name, string TaskType, bool HeldOut, bool IsClassification,
    Func<WorldHalf, SyntheticRandom, Dictionary<string, object?>> Generate)
{
    /// <summary>
    /// A second binary attribute that held-out items balance exactly besides the label (0 or 1 per example), for
    /// an answer that a prior could otherwise predict (coreference: whether the referent is "she"); null if none.
    /// </summary>
    public Func<Dictionary<string, object?>, int>? Stratum { get; init; }
}

internal static class Fields
{
    public static Dictionary<string, object?> Of(params (string Key, object? Value)[] fields)
    {
        var d = new Dictionary<string, object?>(fields.Length);
        foreach (var (k, v) in fields) d[k] = v;
        return d;
    }
}
