using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using T0Sharp.Core;
using T0Sharp.Data.Pretraining;
using T0Sharp.Data.Tokenization;
using T0Sharp.Data.Tokenization.Extension;
using T0Sharp.Data.Tokenization.HuggingFace;
using T0Sharp.Models.Checkpoints;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp tokenizer extend --tokenizer DIR --corpus FILES --new-tokens N --strategy extend|replace|overlap-replace
/// [--model DIR] --out DIR</c>: BLOOM+1's vocabulary step for a new language (docs/multilingual.md, "Language
/// adaptation"). Writes a complete Hugging Face folder: tokenizer.json (+ tokenizer_config.json,
/// special_tokens_map.json), with <c>--model</c> the model with its embeddings resized and initialised, and
/// <c>tokenizer_extension.json</c> with what was done and the tokens per word before and after.
/// </summary>
public static class TokenizerCommand
{
    public static Command Create()
    {
        var cmd = new Command("tokenizer", "Change a model's vocabulary: learn a new language's tokens (BLOOM+1)");
        cmd.Subcommands.Add(Extend());
        return cmd;
    }

    static Command Extend()
    {
        var tokenizer = new Option<string>("--tokenizer") { Description = "byte-level BPE tokenizer.json (BLOOM, GPT-2) or a folder holding one", Required = true };
        var corpus = new Option<string>("--corpus") { Description = "the new language's text: files or folders, comma-separated (.txt: a document per line; .jsonl: the --text-field string)", Required = true };
        var textField = new Option<string>("--text-field") { Description = "JSONL field holding the text", DefaultValueFactory = _ => "text" };
        var documents = new Option<string>("--documents") { Description = "plain text documents: line (default) or blank_line", DefaultValueFactory = _ => "line" };
        var newTokens = new Option<int>("--new-tokens") { Description = "tokens to learn (extend: appended; replace: merges over the 256 byte symbols)", Required = true };
        var strategy = new Option<string>("--strategy") { Description = "extend | replace | overlap-replace", Required = true };
        var minFrequency = new Option<int>("--min-frequency") { Description = "least occurrences of a merged pair", DefaultValueFactory = _ => 2 };
        var model = new Option<string?>("--model") { Description = "Hugging Face model folder whose embeddings to resize and initialise" };
        var output = new Option<string>("--out") { Description = "new folder to write (must not exist)", Required = true };
        var seed = new Option<long>("--seed") { Description = "seed of the fresh embedding rows", DefaultValueFactory = _ => 0 };
        var heldOut = new Option<string?>("--heldout") { Description = "held-out text (same formats as --corpus) to measure tokens per word on too" };
        var cmd = new Command("extend", "Learn a new language's BPE tokens; write the tokenizer (and the resized model)")
            { tokenizer, corpus, textField, documents, newTokens, strategy, minFrequency, model, output, seed, heldOut };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var kind = ParseStrategy(parse.GetValue(strategy)!);
            var plain = parse.GetValue(documents) switch
            {
                "line" => PlainTextDocuments.Line,
                "blank_line" => PlainTextDocuments.BlankLine,
                var other => throw new UserError($"--documents {other}: expected line or blank_line"),
            };
            var tokPath = ResolveTokenizerJson(parse.GetValue(tokenizer)!);
            var modelDir = parse.GetValue(model);
            if (modelDir is not null && !Directory.Exists(modelDir)) throw new UserError($"--model {modelDir}: no such folder");
            var outDir = parse.GetValue(output)!;
            if (Directory.Exists(outDir) || File.Exists(outDir)) throw new UserError($"--out {outDir}: already exists; give a new folder");
            var n = parse.GetValue(newTokens);
            if (n < 1) throw new UserError($"--new-tokens {n}: must be at least 1");
            var minFreq = parse.GetValue(minFrequency);
            if (minFreq < 1) throw new UserError($"--min-frequency {minFreq}: must be at least 1");
            var corpusSpec = parse.GetValue(corpus)!;
            var texts = RawTextFiles.Read(corpusSpec, parse.GetValue(textField)!, plain).Select(d => d.Text).ToList();
            if (texts.Count == 0) throw new UserError($"--corpus {corpusSpec}: no documents");
            var heldOutSpec = parse.GetValue(heldOut);
            var heldOutTexts = heldOutSpec is null ? null : RawTextFiles.Read(heldOutSpec, parse.GetValue(textField)!, plain).Select(d => d.Text).ToList();
            if (heldOutTexts is { Count: 0 }) throw new UserError($"--heldout {heldOutSpec}: no documents");

            var extension = BpeTokenizerExtension.Build(tokPath, texts, n, kind, minFreq);
            var parent = Path.GetDirectoryName(Path.GetFullPath(outDir))!;
            Directory.CreateDirectory(parent);
            var temp = Path.Combine(parent, $".{Path.GetFileName(Path.GetFullPath(outDir))}.tmp-{Environment.ProcessId}");
            try
            {
                if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
                Directory.CreateDirectory(temp);
                var newTokPath = Path.Combine(temp, "tokenizer.json");
                AtomicFile.WriteAllText(newTokPath, extension.TokenizerJson);
                var oldTok = HfTokenizerJson.Load(tokPath);
                var newTok = HfTokenizerJson.Load(newTokPath);
                WriteTokenizerConfig(tokPath, newTok, temp);
                EmbeddingResizeSummary? resize = null;
                if (modelDir is not null)
                    resize = EmbeddingResize.Write(modelDir, temp, extension.RowSources,
                        kind == VocabularyStrategy.Extend ? null : extension.NewVocabSize, parse.GetValue(seed));
                var before = BpeTokenizerExtension.TokensPerWord(oldTok, texts);
                var after = BpeTokenizerExtension.TokensPerWord(newTok, texts);
                (double Before, double After)? held = heldOutTexts is null ? null
                    : (BpeTokenizerExtension.TokensPerWord(oldTok, heldOutTexts), BpeTokenizerExtension.TokensPerWord(newTok, heldOutTexts));
                AtomicFile.WriteAllText(Path.Combine(temp, "tokenizer_extension.json"), Report(extension, resize, tokPath, corpusSpec, texts.Count, before, after, held));
                Directory.Move(temp, outDir);

                var inv = CultureInfo.InvariantCulture;
                Console.WriteLine($"strategy {Name(kind)}: {extension.OldVocabSize} → {extension.NewVocabSize} tokens " +
                    $"({extension.NewTokens.Count} new, {extension.SharedTokens} shared with the old vocabulary)");
                if (extension.NewTokens.Count < n && kind == VocabularyStrategy.Extend)
                    Console.Error.WriteLine($"warning: learnt {extension.NewTokens.Count} of {n} tokens: no other pair occurs {minFreq} times in the corpus");
                Console.WriteLine(string.Create(inv, $"tokens per word on the corpus ({texts.Count} documents): {before:F3} → {after:F3}"));
                if (held is var (hb, ha))
                    Console.WriteLine(string.Create(inv, $"tokens per word on the held-out text ({heldOutTexts!.Count} documents): {hb:F3} → {ha:F3}"));
                if (resize is not null)
                    Console.WriteLine($"embeddings ({string.Join(", ", resize.Tensors)}): {resize.OldRows} → {resize.NewRows} rows; " +
                        $"{resize.Copied} copied, {resize.Averaged} mean of old sub-tokens, {resize.Random} random, {resize.Kept} kept");
                Console.WriteLine($"wrote {outDir}");
                return 0;
            }
            finally
            {
                if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            }
        }));
        return cmd;
    }

    static VocabularyStrategy ParseStrategy(string s) => s switch
    {
        "extend" => VocabularyStrategy.Extend,
        "replace" => VocabularyStrategy.Replace,
        "overlap-replace" => VocabularyStrategy.OverlapReplace,
        _ => throw new UserError($"--strategy {s}: expected extend, replace or overlap-replace"),
    };

    static string Name(VocabularyStrategy s) => s switch
    {
        VocabularyStrategy.Extend => "extend",
        VocabularyStrategy.Replace => "replace",
        _ => "overlap-replace",
    };

    static string ResolveTokenizerJson(string path)
    {
        if (Directory.Exists(path))
        {
            var json = Path.Combine(path, "tokenizer.json");
            if (!File.Exists(json)) throw new UserError($"--tokenizer {path}: the folder has no tokenizer.json (only byte-level BPE tokenizer.json files can be extended)");
            return json;
        }
        if (!File.Exists(path)) throw new UserError($"--tokenizer {path}: no such file or folder");
        if (!path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            throw new UserError($"--tokenizer {path}: not a tokenizer.json (SentencePiece .model files cannot be extended yet)");
        return path;
    }

    /// <summary>tokenizer_config.json and special_tokens_map.json: the old folder's when it has them (the special tokens keep their text), else generated.</summary>
    static void WriteTokenizerConfig(string oldTokenizerJson, ITokenizer newTokenizer, string dir)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(oldTokenizerJson))!;
        var (config, map) = TokenizerFiles.Generate(newTokenizer, sentencePiece: false);
        foreach (var (name, generated) in new[] { ("tokenizer_config.json", config), ("special_tokens_map.json", map) })
        {
            var existing = Path.Combine(folder, name);
            AtomicFile.WriteAllText(Path.Combine(dir, name), File.Exists(existing) ? File.ReadAllText(existing) : generated);
        }
    }

    static string Report(TokenizerExtension e, EmbeddingResizeSummary? r, string tokenizer, string corpus, int documents, double before, double after,
        (double Before, double After)? heldOut)
    {
        var o = new JsonObject
        {
            ["strategy"] = Name(e.Strategy),
            ["tokenizer"] = Path.GetFullPath(tokenizer),
            ["corpus"] = corpus,
            ["documents"] = documents,
            ["old_vocab_size"] = e.OldVocabSize,
            ["new_vocab_size"] = e.NewVocabSize,
            ["new_tokens"] = e.NewTokens.Count,
            ["shared_tokens"] = e.SharedTokens,
            ["tokens_per_word_before"] = Math.Round(before, 4),
            ["tokens_per_word_after"] = Math.Round(after, 4),
        };
        if (heldOut is var (hb, ha))
        {
            o["heldout_tokens_per_word_before"] = Math.Round(hb, 4);
            o["heldout_tokens_per_word_after"] = Math.Round(ha, 4);
        }
        if (r is not null)
            o["embeddings"] = new JsonObject
            {
                ["tensors"] = new JsonArray([.. r.Tensors.Select(t => (JsonNode)t)]),
                ["old_rows"] = r.OldRows, ["new_rows"] = r.NewRows,
                ["copied"] = r.Copied, ["mean_of_old_subtokens"] = r.Averaged, ["random"] = r.Random, ["kept"] = r.Kept,
            };
        return o.ToJsonString(new() { WriteIndented = true }) + "\n";
    }
}
