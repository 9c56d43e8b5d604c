using System.Text.Json.Nodes;
using T0Sharp.Core;

namespace T0Sharp.Data.Tokenization;

/// <summary>
/// Writes a tokenizer into a model folder the way transformers' <c>tokenizer.save_pretrained</c> leaves it: the
/// vocabulary file (<c>spiece.model</c> and/or <c>tokenizer.json</c>), <c>tokenizer_config.json</c> and
/// <c>special_tokens_map.json</c>. Files a source folder already holds (written by transformers) are copied as they
/// are; missing ones are generated with the keys transformers writes for T5Tokenizer / BloomTokenizerFast.
/// A <see cref="CompactTokenizer"/> is written as a Unigram <c>tokenizer.json</c> holding only its pieces (ids
/// remapped), built from its source's tokenizer.json.
/// </summary>
public static class TokenizerFiles
{
    /// <summary>The files a tokenizer folder may hold, as transformers names them.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["spiece.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json"];

    /// <summary>
    /// Writes <paramref name="tokenizer"/>, loaded from <paramref name="source"/> (a file or folder; for a compact
    /// tokenizer, its inner tokenizer's), into <paramref name="dir"/>. Returns the files written.
    /// </summary>
    public static IReadOnlyList<string> Save(ITokenizer tokenizer, string source, string dir)
    {
        Directory.CreateDirectory(dir);
        var written = new List<string>();
        var folder = Directory.Exists(source) ? source : Path.GetDirectoryName(Path.GetFullPath(source))!;
        void Write(string name, string text) { AtomicFile.WriteAllText(Path.Combine(dir, name), text); written.Add(name); }
        void Copy(string from, string name)
        {
            var target = Path.Combine(dir, name);
            if (Path.GetFullPath(from) == Path.GetFullPath(target)) { written.Add(name); return; }
            var temp = target + ".tmp";
            File.Copy(from, temp, overwrite: true);
            File.Move(temp, target, overwrite: true);
            written.Add(name);
        }

        if (tokenizer is CompactTokenizer compact)
        {
            var json = Directory.Exists(source) ? Path.Combine(source, "tokenizer.json") : Path.ChangeExtension(source, ".json");
            if (!File.Exists(json)) json = Path.Combine(folder, "tokenizer.json");
            if (!File.Exists(json)) throw new FileNotFoundException($"a compact tokenizer is saved from its source's tokenizer.json, and {folder} has none", json);
            Write("tokenizer.json", compact.ToTokenizerJson(File.ReadAllText(json)));
        }
        else
        {
            var file = Directory.Exists(source) ? TokenizerLoader.ResolveFolder(source) : source;
            var isJson = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
            Copy(file, isJson ? "tokenizer.json" : "spiece.model");
            // Hugging Face T5 folders carry both; keep the other one when it sits beside the canonical file.
            var other = Path.Combine(folder, isJson ? "spiece.model" : "tokenizer.json");
            var canonical = Path.GetFileName(file) is "tokenizer.json" or "spiece.model";
            if (canonical && File.Exists(other)) Copy(other, Path.GetFileName(other));
            if (canonical)
                foreach (var name in new[] { "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json" })
                    if (File.Exists(Path.Combine(folder, name))) Copy(Path.Combine(folder, name), name);
        }
        var (config, map) = Generate(tokenizer, written.Contains("spiece.model"));
        if (!written.Contains("tokenizer_config.json")) Write("tokenizer_config.json", config);
        if (!written.Contains("special_tokens_map.json")) Write("special_tokens_map.json", map);
        return written.Select(n => Path.Combine(dir, n)).ToList();
    }

    /// <summary>tokenizer_config.json and special_tokens_map.json with the keys transformers writes for this kind of tokenizer.</summary>
    public static (string Config, string Map) Generate(ITokenizer tokenizer, bool sentencePiece)
    {
        string? Token(int? id) => id is { } i and >= 0 ? tokenizer.IdToToken(i) : null;
        var extras = new List<string>();
        while (tokenizer.TokenToId($"<extra_id_{extras.Count}>") is not null) extras.Add($"<extra_id_{extras.Count}>");
        var t5Like = Token(tokenizer.EosId) == "</s>" && Token(tokenizer.PadId) == "<pad>" && tokenizer.BosId is null;
        var map = new JsonObject();
        if (extras.Count > 0) map["additional_special_tokens"] = new JsonArray([.. extras.Select(e => (JsonNode)e)]);
        if (Token(tokenizer.BosId) is { } bos) map["bos_token"] = bos;
        if (Token(tokenizer.EosId) is { } eos) map["eos_token"] = eos;
        if (Token(tokenizer.PadId) is { } pad) map["pad_token"] = pad;
        if (Token(tokenizer.UnkId) is { } unk) map["unk_token"] = unk;
        var config = (JsonObject)map.DeepClone();
        config["clean_up_tokenization_spaces"] = true;
        if (t5Like)
        {
            config["extra_ids"] = extras.Count;
            config["model_max_length"] = 512;
            config["tokenizer_class"] = sentencePiece ? "T5Tokenizer" : "T5TokenizerFast";
        }
        else
        {
            config["padding_side"] = "left";
            config["tokenizer_class"] = "BloomTokenizerFast";
        }
        return (PythonJson.Dumps(config) + "\n", PythonJson.Dumps(map) + "\n");
    }
}
