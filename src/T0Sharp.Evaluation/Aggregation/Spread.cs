using System.Text.Json.Serialization;

namespace T0Sharp.Evaluation.Aggregation;

/// <summary>
/// Summary of one score over a dataset's templates: median, mean, minimum, maximum, first and third quartile
/// and the interquartile range Q3 - Q1 (quartiles by <see cref="Quantiles.Linear"/>, numpy's default).
/// </summary>
public sealed record Spread(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("median")] double Median,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("q1")] double Q1,
    [property: JsonPropertyName("q3")] double Q3)
{
    [JsonPropertyName("iqr")] public double Iqr => Q3 - Q1;

    public static Spread Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("spread of an empty list");
        return new Spread(values.Count, Quantiles.Median(values), values.Average(), values.Min(), values.Max(),
            Quantiles.Linear(values, 0.25), Quantiles.Linear(values, 0.75));
    }
}
