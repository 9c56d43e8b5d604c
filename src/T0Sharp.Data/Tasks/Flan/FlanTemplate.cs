using T0Sharp.Data.Tasks.FewShot;

namespace T0Sharp.Data.Tasks.Flan;

/// <summary>Where a FLAN-style template's answer options and answer come from in a dataset's rows.</summary>
/// <param name="Options">Fixed options for every example (e.g. ["no", "yes"]), or null.</param>
/// <param name="OptionsField">A list field of the example holding its options, used when <paramref name="Options"/> is null.</param>
/// <param name="AnswerField">The field holding the answer: an integer indexes the options (out of range, e.g. -1 for
/// unlabeled test rows, gives an empty answer); anything else is printed as the answer itself.</param>
public sealed record FlanAnswerSpec(IReadOnlyList<string>? Options = null, string? OptionsField = null, string? AnswerField = null);

/// <summary>
/// A FLAN-style template: an (input, target) pair of patterns with <c>{field}</c> placeholders
/// (<see cref="FlanFormat"/>), as flan/v2/templates.py's PATTERNS. Besides the example's own fields the patterns
/// may use <c>{options}</c> (the option list), <c>{options_}</c> (FLAN's options suffix, <c>"OPTIONS:\n- a\n- b"</c>)
/// and <c>{answer}</c> (see <see cref="FlanAnswerSpec"/>). The answer choices for rank classification are the options.
/// <see cref="FewShot"/> is the few-shot formatting of this pattern (FLAN's FewShotPattern prefixes and separators).
/// Rendering is deterministic: FLAN-style templates draw nothing at random.
/// </summary>
public sealed class FlanTemplate(string name, string input, string target, FlanAnswerSpec answer, FewShotFormat? fewShot = null,
    bool originalTask = true) : ITaskTemplate, IInstructionTemplate
{
    public string Name => name;
    public string? Id => null;
    public bool OriginalTask => originalTask;
    public string Input => input;
    public string Target => target;
    public FlanAnswerSpec Answer => answer;

    /// <summary>How this template formats k-shot prompts (FLAN's defaults when the file gives none).</summary>
    public FewShotFormat FewShot => fewShot ?? FewShotFormat.Flan;

    public TemplateOutput Apply(IReadOnlyDictionary<string, object?> example, long seed)
    {
        var (features, options) = Features(example);
        return new TemplateOutput([FlanFormat.Format(input, features), FlanFormat.Format(target, features)], options);
    }

    public IReadOnlyList<TemplateSegment>? Segments(IReadOnlyDictionary<string, object?> example, long seed)
    {
        var (features, _) = Features(example);
        var segments = new List<TemplateSegment>();
        FlanFormat.Format(input, features, (text, field) => segments.Add(new TemplateSegment(text, field)));
        return TemplateSegment.Strip(segments);
    }

    (Dictionary<string, object?> Features, IReadOnlyList<string>? Options) Features(IReadOnlyDictionary<string, object?> example)
    {
        var features = new Dictionary<string, object?>(example, StringComparer.Ordinal);
        IReadOnlyList<string>? options = answer.Options;
        if (options == null && answer.OptionsField is { } of)
        {
            if (!example.TryGetValue(of, out var v) || v is not IEnumerable<object?> list || v is string)
                throw new InvalidDataException($"template '{name}': options field '{of}' is missing or not a list");
            options = list.Select(FlanFormat.Str).ToList();
        }
        if (options != null)
        {
            features["options"] = options.Cast<object?>().ToList();
            features["options_"] = FlanFormat.Options(options);
        }
        if (answer.AnswerField is { } af)
        {
            if (!example.TryGetValue(af, out var a))
                throw new InvalidDataException($"template '{name}': answer field '{af}' is missing from the example");
            features["answer"] = a switch
            {
                long i when options != null => i >= 0 && i < options.Count ? options[(int)i] : "",
                int i when options != null => i >= 0 && i < options.Count ? options[i] : "",
                null => "",
                _ => FlanFormat.Str(a),
            };
        }
        return (features, options);
    }
}
