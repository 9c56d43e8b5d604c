using System.Text;
using T0Sharp.Data.Sources;

namespace T0Sharp.Data.Tasks.SuperNi;

/// <summary>
/// Which parts of a Super-NI task go into the prompt (Tk-Instruct's DataCollatorForNI options). The default is
/// Tk-Instruct's "def + 2 pos" setting, the one its released models were evaluated with.
/// </summary>
public sealed record SuperNiEncoding(bool TaskName = false, bool Definition = true, int PositiveExamples = 2,
    int NegativeExamples = 0, bool Explanation = false)
{
    public static SuperNiEncoding DefinitionAndTwoPositive { get; } = new();
}

/// <summary>
/// A Super-NaturalInstructions task as a mixture task: the instances of one task file, each prompted as
/// Tk-Instruct encodes it (src/ni_collator.py): optional "{task name}. ", "Definition: {definition}.\n\n", then
/// " Positive Example {i} -\nInput: {input}.\n Output: {output}.\n[ Explanation: {explanation}.\n]\n" for each
/// positive example, the same with "Negative Example" for negatives, then
/// "Now complete the following example -\nInput: {input}.\nOutput: " (each "." added only when the text does not
/// already end with Python's string.punctuation; texts are stripped). The target is one of the instance's outputs,
/// chosen with the render seed (Tk-Instruct: random.choice). Departure: Tk-Instruct drops demonstrations that would
/// push the prompt past max_source_length tokens; here the prompt is kept whole and the feature converter's
/// truncation applies.
/// </summary>
public sealed class SuperNiTask : ITask
{
    public const string DatasetName = "natural_instructions";
    readonly SuperNiTaskFile _file;
    readonly int _maxInstances;

    public SuperNiTask(SuperNiTaskFile file, SuperNiEncoding? encoding = null, int maxInstances = int.MaxValue, string? name = null)
    {
        _file = file; Encoding = encoding ?? SuperNiEncoding.DefinitionAndTwoPositive; _maxInstances = maxInstances;
        Name = name ?? TaskNames.Get(DatasetName, null, file.Name);
    }

    public string Name { get; }
    public SuperNiEncoding Encoding { get; }
    public SuperNiTaskFile File => _file;
    public string Dataset => DatasetName;
    public string? Subset => _file.Name;
    public string Split => "train";

    public IExampleSource? Open(DatasetDirectory data) => new SuperNiSource(_file, _maxInstances);
    public long CountRows(DatasetDirectory data) => Math.Min(_file.Instances.Count, _maxInstances);

    /// <summary>Task files have no validation split of their own (Super-NI evaluates on held-out tasks).</summary>
    public ITask? WithSplit(string split) => split == Split ? this : null;

    public TaskExample? Process(SourceRow row, long streamSeed, long epoch)
    {
        var input = row.Values.TryGetValue("input", out var i) ? i as string : null;
        var outputs = row.Values.TryGetValue("output", out var o) && o is List<object?> l ? l.OfType<string>().ToList() : [];
        if (input == null || outputs.Count == 0) return null;
        var rng = new Random((int)(RenderSeed.Of(streamSeed, Name, row.Index, epoch) & 0x7FFF_FFFF));
        var target = outputs[rng.Next(outputs.Count)];
        return new TaskExample(Prompt(input), target.Length == 0 ? TaskExample.NoLabel : target, null);
    }

    /// <summary>The Tk-Instruct prompt of an instance input.</summary>
    public string Prompt(string input)
    {
        var sb = new StringBuilder();
        if (Encoding.TaskName) sb.Append(_file.Name).Append(". ");
        if (Encoding.Definition) sb.Append(Sentence("Definition: " + _file.Definition.Trim())).Append("\n\n");
        foreach (var (ex, k) in _file.PositiveExamples.Take(Encoding.PositiveExamples).Select((e, k) => (e, k)))
            AppendDemonstration(sb, "Positive", k + 1, ex);
        foreach (var (ex, k) in _file.NegativeExamples.Take(Encoding.NegativeExamples).Select((e, k) => (e, k)))
            AppendDemonstration(sb, "Negative", k + 1, ex);
        sb.Append("Now complete the following example -\n");
        sb.Append(Sentence("Input: " + input.Trim())).Append('\n');
        return sb.Append("Output: ").ToString();
    }

    void AppendDemonstration(StringBuilder sb, string kind, int number, SuperNiDemonstration ex)
    {
        var s = new StringBuilder($" {kind} Example {number} -\n");
        s.Append("Input: ").Append(ex.Input.Trim()); Dot(s); s.Append('\n');
        s.Append(" Output: ").Append(ex.Output.Trim()); Dot(s); s.Append('\n');
        if (Encoding.Explanation && ex.Explanation != null)
        {
            s.Append(" Explanation: ").Append(ex.Explanation.Trim()); Dot(s); s.Append('\n');
        }
        sb.Append(s).Append('\n');
    }

    static string Sentence(string s) => s.Length > 0 && IsPunctuation(s[^1]) ? s : s + ".";

    static void Dot(StringBuilder s) { if (s.Length == 0 || !IsPunctuation(s[^1])) s.Append('.'); }

    /// <summary>Python's string.punctuation: the 32 ASCII punctuation characters.</summary>
    static bool IsPunctuation(char c) => c < 128 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".Contains(c);

    public override string ToString() => Name;
}
