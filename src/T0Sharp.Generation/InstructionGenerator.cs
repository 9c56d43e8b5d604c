using System.Text.Json.Nodes;
using T0Sharp.Core;

namespace T0Sharp.Generation;

/// <summary>Settings of an instruction-generation run.</summary>
/// <param name="Count">Examples to keep (before paraphrases).</param>
/// <param name="Demonstrations">Seed demonstrations per prompt (the paper: 3).</param>
/// <param name="MaxAttempts">Prompts tried at most (default: 4 × Count).</param>
public sealed record GenerationSettings(int Count, long Seed = 0, int Demonstrations = 3, int? MaxAttempts = null,
    int ExampleTokens = 128, int OutputTokens = 64, bool Paraphrase = false, int BatchSize = 8);

/// <summary>What happened to every generated candidate.</summary>
public sealed record GenerationStats(int Attempts, int ParseFailures, int Duplicates, int EmptyOutputs, int CopiedOutputs, int Kept, int Paraphrases);

/// <summary>
/// Unnatural Instructions' core-data procedure (Honovich et al., 2022), with any seq2seq or causal model:
/// <list type="number">
/// <item>sample <see cref="GenerationSettings.Demonstrations"/> distinct seeds (seeded), prompt with
/// <see cref="UnnaturalPrompt.Examples"/> and sample the fourth example (nucleus sampling, as the paper samples inputs);</item>
/// <item>parse instruction / input / constraints (<see cref="UnnaturalPrompt.Parse"/>); unparseable ones are dropped;</item>
/// <item>drop duplicates (same instruction and input after whitespace and case folding, seeds included);</item>
/// <item>generate the output greedily from <see cref="UnnaturalPrompt.Output"/>; drop empty outputs and outputs copied from
/// the input (equal to it after folding, or a verbatim span of it of at least 10 characters);</item>
/// <item>optionally paraphrase each kept instruction greedily (the paper's template expansion): a paraphrase that is empty,
/// the same as the instruction or already seen is dropped; a kept one adds an example with the same input and output.</item>
/// </list>
/// Deterministic for a seed. The dataset is JSON lines that <c>t0sharp train</c> reads (data.train_files): "inputs"
/// (instruction, input and constraints as in the output prompt, without "Output:"), "targets" (the output), "task"
/// ("unnatural_instructions"), plus "instruction", "input", "constraints" and "paraphrase_of" (paraphrases only).
/// </summary>
public sealed class InstructionGenerator(ITextCompleter model, Action<string>? log = null)
{
    public const string TaskName = "unnatural_instructions";

    public (List<InstructionExample> Examples, List<(InstructionExample Example, string Original)> Paraphrases, GenerationStats Stats) Run(
        IReadOnlyList<InstructionExample> seeds, GenerationSettings s, CancellationToken cancel = default)
    {
        if (seeds.Count < s.Demonstrations) throw new ArgumentException($"{seeds.Count} seed(s): at least {s.Demonstrations} are needed to build a prompt");
        var rng = new Random((int)(s.Seed & 0x7FFF_FFFF));
        var seen = new HashSet<string>(seeds.Select(Key), StringComparer.Ordinal);
        var kept = new List<InstructionExample>();
        int attempts = 0, parse = 0, dup = 0, empty = 0, copied = 0, maxAttempts = s.MaxAttempts ?? 4 * s.Count;
        while (kept.Count < s.Count && attempts < maxAttempts)
        {
            cancel.ThrowIfCancellationRequested();
            int batch = Math.Min(s.BatchSize, maxAttempts - attempts);
            var prompts = Enumerable.Range(0, batch).Select(_ => UnnaturalPrompt.Examples(Sample(seeds, s.Demonstrations, rng))).ToList();
            var completions = model.Complete(prompts, sample: true, seed: s.Seed * 1_000_003 + attempts, s.ExampleTokens);
            attempts += batch;
            var candidates = new List<InstructionExample>();
            foreach (var c in completions)
            {
                if (UnnaturalPrompt.Parse(c) is not { } e) { parse++; continue; }
                if (!seen.Add(Key(e))) { dup++; continue; }
                candidates.Add(e);
            }
            if (candidates.Count == 0) continue;
            var outputs = model.Complete(candidates.Select(UnnaturalPrompt.Output).ToList(), sample: false, seed: 0, s.OutputTokens);
            for (int i = 0; i < candidates.Count && kept.Count < s.Count; i++)
            {
                var output = outputs[i].Trim();
                if (output.Length == 0) { empty++; continue; }
                if (CopiedFromInput(output, candidates[i].Input)) { copied++; continue; }
                kept.Add(candidates[i] with { Output = output });
            }
            log?.Invoke($"attempts {attempts}: kept {kept.Count}/{s.Count} (parse failures {parse}, duplicates {dup}, empty {empty}, copied {copied})");
        }
        var paraphrases = new List<(InstructionExample, string)>();
        if (s.Paraphrase && kept.Count > 0)
        {
            var texts = model.Complete(kept.Select(k => UnnaturalPrompt.Paraphrase(k.Instruction)).ToList(), sample: false, seed: 0, s.ExampleTokens);
            var instructions = new HashSet<string>(kept.Select(k => Fold(k.Instruction)), StringComparer.Ordinal);
            for (int i = 0; i < kept.Count; i++)
            {
                var p = texts[i].Trim();
                if (p.Length == 0 || !instructions.Add(Fold(p))) continue;
                paraphrases.Add((kept[i] with { Instruction = p }, kept[i].Instruction));
            }
        }
        return (kept, paraphrases, new GenerationStats(attempts, parse, dup, empty, copied, kept.Count, paraphrases.Count));
    }

    /// <summary>Writes the dataset (atomically): the kept examples, then the paraphrases.</summary>
    public static void Write(string path, IEnumerable<InstructionExample> examples, IEnumerable<(InstructionExample Example, string Original)> paraphrases)
    {
        static JsonObject Line(InstructionExample e, string? original)
        {
            var o = new JsonObject
            {
                ["task"] = TaskName, ["inputs"] = Inputs(e), ["targets"] = e.Output,
                ["instruction"] = e.Instruction, ["input"] = e.Input, ["constraints"] = e.Constraints,
            };
            if (original != null) o["paraphrase_of"] = original;
            return o;
        }
        AtomicFile.WriteAllLines(path, examples.Select(e => Line(e, null).ToJsonString())
            .Concat(paraphrases.Select(p => Line(p.Example, p.Original).ToJsonString())).ToList());
    }

    /// <summary>The training input of an example: its output prompt without the trailing "Output:".</summary>
    public static string Inputs(InstructionExample e) => UnnaturalPrompt.Output(e)[..^"\nOutput:".Length];

    /// <summary>True when the output only repeats the input (whole, or a verbatim span of at least 10 characters).</summary>
    public static bool CopiedFromInput(string output, string input) =>
        Fold(output) == Fold(input) || (output.Trim().Length >= 10 && input.Contains(output.Trim(), StringComparison.Ordinal));

    static IReadOnlyList<InstructionExample> Sample(IReadOnlyList<InstructionExample> seeds, int k, Random rng)
    {
        var idx = Enumerable.Range(0, seeds.Count).ToArray();
        for (int i = 0; i < k; i++) { int j = i + rng.Next(idx.Length - i); (idx[i], idx[j]) = (idx[j], idx[i]); }
        return idx.Take(k).Select(i => seeds[i]).ToList();
    }

    static string Key(InstructionExample e) => Fold(e.Instruction) + "\u0001" + Fold(e.Input);

    static string Fold(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
