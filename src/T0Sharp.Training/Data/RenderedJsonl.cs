using T0Sharp.Core;
using System.Text.Json;
using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Training.Data;

/// <summary>One already-rendered prompted example: what P3 stores as inputs_pretokenized / targets_pretokenized.</summary>
public sealed record RenderedExample(string Task, string Inputs, string Targets, IReadOnlyList<string>? AnswerChoices);

/// <summary>
/// Reads rendered examples from JSONL files, one object per line with "inputs" and "targets" (or P3's
/// "inputs_pretokenized" and "targets_pretokenized"), optional "answer_choices" (list of strings) and "task".
/// A line without them is an error naming the file and line.
/// </summary>
public static class RenderedJsonl
{
    public static List<RenderedExample> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"data file not found: {path}", path);
        var list = new List<RenderedExample>();
        var defaultTask = Path.GetFileNameWithoutExtension(path);
        var lineNo = 0;
        foreach (var line in Utf8Lines.Read(path).Select(l => l.Text))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var o = doc.RootElement;
                string? Str(params string[] names)
                {
                    foreach (var n in names)
                        if (o.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
                    return null;
                }
                var inputs = Str("inputs", "inputs_pretokenized") ?? throw new FormatException("missing \"inputs\" (a string)");
                var targets = Str("targets", "targets_pretokenized") ?? throw new FormatException("missing \"targets\" (a string)");
                List<string>? choices = null;
                if (o.TryGetProperty("answer_choices", out var ac) && ac.ValueKind == JsonValueKind.Array)
                    choices = ac.EnumerateArray().Select(x => x.GetString() ?? "").ToList();
                list.Add(new RenderedExample(Str("task") ?? defaultTask, inputs, targets, choices));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{lineNo}: {e.Message}");
            }
        }
        return list;
    }

    /// <summary>Every file matching a comma-separated list of paths (a folder means its *.jsonl files).</summary>
    public static List<string> ExpandPaths(string spec)
    {
        var files = new List<string>();
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Directory.Exists(part)) files.AddRange(Directory.GetFiles(part, "*.jsonl").Order(StringComparer.Ordinal));
            else if (File.Exists(part)) files.Add(part);
            else throw new FileNotFoundException($"data path not found: {part}", part);
        }
        return files;
    }

    public static TokenizedExample Tokenize(RenderedExample e, ITokenizer tokenizer, EosConvention eos) =>
        eos.Tokenize(tokenizer, e.Inputs, e.Targets);

    /// <summary>Rank items for examples with answer choices whose target is one of them (texts tokenized under <paramref name="eos"/>).</summary>
    public static IEnumerable<RankItem> RankItems(IEnumerable<RenderedExample> examples, ITokenizer tokenizer, EosConvention eos, FeatureLengths lengths)
    {
        foreach (var e in examples)
        {
            if (e.AnswerChoices is not { Count: > 1 } choices) continue;
            var label = choices.ToList().FindIndex(c => c.Trim() == e.Targets.Trim());
            if (label < 0) continue;
            var eosId = eos.TruncationEosId(tokenizer);
            yield return new RankItem(e.Task, Truncation.Apply(eos.EncodeInput(tokenizer, e.Inputs), lengths.Inputs, eosId),
                choices.Select(c => Truncation.Apply(eos.EncodeTarget(tokenizer, c), lengths.Targets, eosId)).ToArray(), label);
        }
    }
}
