using System.Text;

namespace T0Sharp.Generation;

/// <summary>
/// The prompts of Unnatural Instructions (Honovich et al., 2022) and the parser of the model's continuation.
/// <para>Example generation: three demonstrations then the start of a fourth,
/// <c>"Example 1\nInstruction: …\nInput: …\nConstraints: …\n\nExample 2\n…\n\nExample 3\n…\n\nExample 4\n"</c>.</para>
/// <para>Output generation: <c>"Instruction: …\nInput: …\nConstraints: …\nOutput:"</c> (the constraints line is left
/// out when they are "None").</para>
/// <para>Parsing finds the labels "Instruction:", "Input:" and "Constraints:" in that order (newlines are not needed:
/// T5's SentencePiece turns them into spaces) and stops at a following "Example"; a missing label or an empty
/// instruction or input is a parse failure.</para>
/// </summary>
public static class UnnaturalPrompt
{
    public static string Examples(IReadOnlyList<InstructionExample> demonstrations)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < demonstrations.Count; i++)
        {
            var d = demonstrations[i];
            sb.Append("Example ").Append(i + 1).Append('\n')
              .Append("Instruction: ").Append(d.Instruction).Append('\n')
              .Append("Input: ").Append(d.Input).Append('\n')
              .Append("Constraints: ").Append(d.Constraints).Append("\n\n");
        }
        return sb.Append("Example ").Append(demonstrations.Count + 1).Append('\n').ToString();
    }

    public static string Output(InstructionExample e) =>
        $"Instruction: {e.Instruction}\nInput: {e.Input}\n" + (IsNone(e.Constraints) ? "" : $"Constraints: {e.Constraints}\n") + "Output:";

    /// <summary>The instruction, input and constraints of a generated fourth example, or null when it does not parse.</summary>
    public static InstructionExample? Parse(string generated)
    {
        var text = generated;
        int stop = text.IndexOf("Example ", StringComparison.Ordinal);
        int i = text.IndexOf("Instruction:", StringComparison.Ordinal);
        if (i < 0) return null;
        if (stop >= 0 && stop < i) stop = text.IndexOf("Example ", i, StringComparison.Ordinal);
        if (stop >= 0) text = text[..stop];
        int n = text.IndexOf("Input:", i, StringComparison.Ordinal);
        if (n < 0) return null;
        int c = text.IndexOf("Constraints:", n, StringComparison.Ordinal);
        if (c < 0) return null;
        var instruction = text[(i + "Instruction:".Length)..n].Trim();
        var input = text[(n + "Input:".Length)..c].Trim();
        var constraints = text[(c + "Constraints:".Length)..].Trim();
        if (instruction.Length == 0 || input.Length == 0) return null;
        return new InstructionExample(instruction, input, constraints.Length == 0 ? "None" : constraints);
    }

    public static string Paraphrase(string instruction) => $"Paraphrase the following instruction.\nInstruction: {instruction}\nParaphrase:";

    static bool IsNone(string c) => c.Length == 0 || c.Trim().TrimEnd('.').Equals("None", StringComparison.OrdinalIgnoreCase);
}
