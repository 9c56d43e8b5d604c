using System.Text.Json;
using System.Text.Json.Serialization;

namespace T0Sharp.Retrieval.Pool;

/// <summary>One example of the retrieval pool: a rendered training example and the task it came from.</summary>
public sealed record PoolExample(
    [property: JsonPropertyName("task")] string Task,
    [property: JsonPropertyName("inputs")] string Inputs,
    [property: JsonPropertyName("targets")] string Targets,
    [property: JsonPropertyName("answer_choices")] IReadOnlyList<string>? AnswerChoices = null,
    [property: JsonPropertyName("input_ids")] int[]? InputIds = null)
{
    internal static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static PoolExample FromJson(string line) =>
        JsonSerializer.Deserialize<PoolExample>(line, Json) ?? throw new InvalidDataException("empty pool line");
}
