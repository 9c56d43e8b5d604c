using T0Sharp.Core;
using System.Text.Json;

namespace T0Sharp.Generation;

/// <summary>
/// One instruction example in Unnatural Instructions' structured form: an instruction, an input, the output-space
/// constraints ("None" when there are none) and, once generated or given, the output.
/// </summary>
public sealed record InstructionExample(string Instruction, string Input, string Constraints, string? Output = null)
{
    /// <summary>Reads seed demonstrations: JSON lines with "instruction", "input", "constraints" (default "None"), optional "output".</summary>
    public static List<InstructionExample> ReadSeeds(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"seed file '{path}' not found", path);
        var seeds = new List<InstructionExample>();
        int line = 0;
        foreach (var text in Utf8Lines.Read(path).Select(l => l.Text))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var o = doc.RootElement;
                string? Str(string k) => o.ValueKind == JsonValueKind.Object && o.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                var instruction = Str("instruction");
                var input = Str("input");
                if (string.IsNullOrWhiteSpace(instruction) || input == null)
                    throw new InvalidDataException($"{path}:{line}: a seed needs \"instruction\" and \"input\" strings");
                seeds.Add(new InstructionExample(instruction.Trim(), input.Trim(), (Str("constraints") ?? "None").Trim(), Str("output")));
            }
            catch (JsonException e) { throw new InvalidDataException($"{path}:{line}: invalid JSON: {e.Message}"); }
        }
        return seeds;
    }
}
