using System.Text;
using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Flipped;

/// <summary>
/// One example flipped for every label: the encoder inputs (one per answer choice) and the instruction target.
/// <see cref="Label"/> is the index of the correct choice (-1 when the example has no label).
/// </summary>
public sealed record FlippedExample(string Instruction, IReadOnlyList<string> Inputs, IReadOnlyList<string> Choices, int Label);

/// <summary>
/// Flipped Learning's example layout (Ye et al., "Guess the Instruction!"): the model reads the input instance and
/// a label and generates the task instruction, placed where T5 sentinels mark it.
/// <para>The split: a rendered input is a sequence of <see cref="TemplateSegment"/>s (text computed from the
/// example's fields vs the template's own text). Each maximal run of the template's own text that contains a
/// non-whitespace character is an <b>instruction span</b>; the instruction is what remains when the fields are
/// removed. Whitespace-only template text (a newline between two fields) stays with the input.</para>
/// <para>Encoder text: <see cref="InputPrefix"/> + the rendered input with span i's stripped text replaced by
/// sentinel i (<c>&lt;extra_id_i&gt;</c>; the whitespace around the span stays) + <see cref="LabelPrefix"/> + the label.
/// Target: <c>"&lt;extra_id_0&gt; span0 &lt;extra_id_1&gt; span1 …"</c> (each span stripped), T5's span-denoising layout.
/// The prefixes default to the released Flipped models' "input: …\noutput: …" layout.</para>
/// </summary>
public sealed record FlippedFormat(string InputPrefix = "input: ", string LabelPrefix = "\noutput: ", int MaxSpans = 100)
{
    public static FlippedFormat Default { get; } = new();

    /// <summary>T5's sentinel token text for span <paramref name="i"/>.</summary>
    public static string Sentinel(int i) => $"<extra_id_{i}>";

    /// <summary>The masked input and the instruction target of a segmented input; null when it has no instruction span (or too many).</summary>
    public (string MaskedInput, string Instruction)? Split(IReadOnlyList<TemplateSegment> segments)
    {
        var masked = new StringBuilder();
        var target = new StringBuilder();
        int spans = 0;
        foreach (var s in segments)
        {
            var core = s.Text.Trim();
            if (s.IsField || core.Length == 0) { masked.Append(s.Text); continue; }
            if (spans == MaxSpans) return null;
            int lead = s.Text.IndexOf(core, StringComparison.Ordinal);
            masked.Append(s.Text, 0, lead).Append(Sentinel(spans)).Append(s.Text, lead + core.Length, s.Text.Length - lead - core.Length);
            if (target.Length > 0) target.Append(' ');
            target.Append(Sentinel(spans)).Append(' ').Append(core);
            spans++;
        }
        return spans == 0 ? null : (masked.ToString(), target.ToString());
    }

    /// <summary>The encoder text for one label.</summary>
    public string Input(string maskedInput, string label) => InputPrefix + maskedInput + LabelPrefix + label;

    /// <summary>The flipped example for every choice, or null when the input has no instruction span.</summary>
    public FlippedExample? Build(IReadOnlyList<TemplateSegment> segments, IReadOnlyList<string> choices, int label)
    {
        if (Split(segments) is not var (masked, instruction)) return null;
        return new FlippedExample(instruction, choices.Select(c => Input(masked, c)).ToList(), choices, label);
    }
}
