using System.Text.Json;

namespace T0Sharp.Data.Features;

/// <summary>A model's default EOS convention and why it was chosen (printed and recorded by eval and score).</summary>
public sealed record EosConventionChoice(EosConvention Convention, string Reason);

/// <summary>
/// The default <see cref="EosConvention"/> per model family for evaluation and scoring (docs/evaluation.md has the
/// table with its sources). Families are told apart by architecture and, for Flan-T5, by name, because T0, T5 v1.1
/// and Flan-T5 checkpoints share one architecture:
/// <list type="bullet">
/// <item>decoder-only (BLOOM, BLOOMZ): <see cref="EosConvention.LmEval"/>. BLOOM's tokenizer adds no special tokens,
/// so the context and the continuation carry no EOS, which is also what t-zero's <c>run_eval.py</c> (BLOOMZ's rank
/// evaluation) feeds a BLOOM tokenizer.</item>
/// <item>encoder-decoder whose folder name or <c>_name_or_path</c> contains "flan": <see cref="EosConvention.TFew"/>
/// (FLAN's seqio features add EOS to inputs and targets).</item>
/// <item>every other encoder-decoder (T0, T0+, T0++, mT0, checkpoints trained by T0Sharp's recipes):
/// <see cref="EosConvention.TZero"/>.</item>
/// </list>
/// </summary>
public static class EosConventionDefaults
{
    /// <summary>The default for a model; <paramref name="names"/> are the folder name and config <c>_name_or_path</c>, when known.</summary>
    public static EosConventionChoice ForModel(bool isEncoderDecoder, params string?[] names)
    {
        if (!isEncoderDecoder)
            return new(EosConvention.LmEval, "default for decoder-only models (BLOOM/BLOOMZ): no EOS on the context or the continuation");
        var flan = names.FirstOrDefault(n => n != null && n.Contains("flan", StringComparison.OrdinalIgnoreCase));
        if (flan != null)
            return new(EosConvention.TFew, $"default for Flan-T5 (name '{flan}'): FLAN trained with EOS on inputs and targets");
        return new(EosConvention.TZero, "default for encoder-decoder models (T0, T0+, T0++, mT0, T0Sharp recipes): inputs without EOS, choices with EOS");
    }

    /// <summary>The default for a Hugging Face model folder: its name and, when its config.json has one, <c>_name_or_path</c>.</summary>
    public static EosConventionChoice ForModelFolder(bool isEncoderDecoder, string folder)
    {
        string? nameOrPath = null;
        var config = Path.Combine(folder, "config.json");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(config));
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("_name_or_path", out var n)
                && n.ValueKind == JsonValueKind.String)
                nameOrPath = n.GetString();
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { } // the loader reports a bad config
        return ForModel(isEncoderDecoder, Path.GetFileName(Path.GetFullPath(folder).TrimEnd('/', '\\')), nameOrPath);
    }
}
