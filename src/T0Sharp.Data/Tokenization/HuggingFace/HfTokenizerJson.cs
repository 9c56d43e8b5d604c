using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using T0Sharp.Data.Tokenization.Normalization;

namespace T0Sharp.Data.Tokenization.HuggingFace;

/// <summary>
/// Reads a Hugging Face tokenizer.json, in the current schema or the old one (no <c>model.type</c>, Metaspace
/// <c>add_prefix_space</c>), into an <see cref="HfTokenizer"/>. Supported: Unigram and BPE models; Precompiled,
/// Sequence, NF(K)C/D, Lowercase, Replace, Prepend, Strip normalizers; Sequence, WhitespaceSplit, Metaspace, Split,
/// ByteLevel pre-tokenizers; TemplateProcessing, ByteLevel, Roberta/Bert post-processors; Metaspace, ByteLevel,
/// Sequence, Replace, Fuse, Strip decoders. Anything else is rejected with an error naming the file and component.
/// </summary>
public static class HfTokenizerJson
{
    public static HfTokenizer Load(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new InvalidDataException($"'{path}' is not valid JSON: {e.Message}", e); }
        using (doc)
        {
            try { return Build(path, doc); }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or IndexOutOfRangeException)
            {
                throw new InvalidDataException($"'{path}' is not a tokenizer.json T0Sharp can read: {e.Message}", e);
            }
        }
    }

    static HfTokenizer Build(string path, JsonDocument doc)
    {
        var root = doc.RootElement;
        if (!root.TryGetProperty("model", out var modelJson) || modelJson.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{path}' has no \"model\" object; is it a Hugging Face tokenizer.json?");
        var r = new Reader(path);
        var added = new AddedTokens(Array(root, "added_tokens").Select(t => new AddedToken(
            t.GetProperty("id").GetInt32(), t.GetProperty("content").GetString()!, Bool(t, "special"),
            Bool(t, "lstrip"), Bool(t, "rstrip"), Bool(t, "single_word"))));
        var model = r.Model(modelJson);
        var normalizer = Obj(root, "normalizer") is { } n ? r.Normalizer(n) : null;
        var pre = Obj(root, "pre_tokenizer") is { } p ? r.PreTokenizer(p) : null;
        var decoder = Obj(root, "decoder") is { } d ? r.Decoder(d) : null;
        var (prefix, suffix) = Obj(root, "post_processor") is { } pp ? r.PostProcessor(pp, added, model) : ([], []);
        var ids = SpecialIds(path, added, model, suffix);
        return new HfTokenizer(added, normalizer, pre, model, decoder, prefix, suffix, ids);
    }

    /// <summary>Pad/eos/unk/bos ids: from tokenizer_config.json beside the file when present, else by the usual names.</summary>
    static HfSpecialIds SpecialIds(string path, AddedTokens added, IHfModel model, IReadOnlyList<AddedToken> suffix)
    {
        var config = new Dictionary<string, string>();
        var configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "tokenizer_config.json");
        if (File.Exists(configPath))
        {
            try
            {
                using var cfg = JsonDocument.Parse(File.ReadAllBytes(configPath));
                foreach (var key in new[] { "pad_token", "eos_token", "unk_token", "bos_token" })
                {
                    if (!cfg.RootElement.TryGetProperty(key, out var v)) continue;
                    var s = v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Object && v.TryGetProperty("content", out var c) ? c.GetString() : null;
                    if (s != null) config[key] = s;
                }
            }
            catch (JsonException e) { throw new InvalidDataException($"'{configPath}' is not valid JSON: {e.Message}", e); }
        }
        int? Find(string key, params string[] names)
        {
            if (config.TryGetValue(key, out var configured) && (added.ByContent(configured)?.Id ?? model.TokenToId(configured)) is { } cid) return cid;
            foreach (var name in names) if ((added.ByContent(name)?.Id ?? model.TokenToId(name)) is { } id) return id;
            return null;
        }
        var eos = Find("eos_token", "</s>", "<|endoftext|>", "<eos>") ?? (suffix.Count > 0 ? suffix[^1].Id : -1);
        var unk = model is HfUnigramModel u ? u.UnkId : Find("unk_token", "<unk>", "[UNK]") ?? -1;
        var pad = Find("pad_token", "<pad>", "[PAD]") ?? eos;
        var bos = Find("bos_token", "<s>", "<bos>");
        return new HfSpecialIds(pad, eos, unk, bos);
    }

    static JsonElement? Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];

    static bool Bool(JsonElement e, string name, bool fallback = false) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    sealed class Reader(string path)
    {
        Exception Unsupported(string section, string? type) =>
            new NotSupportedException($"'{path}': {section} type '{type ?? "(none)"}' is not supported by T0Sharp");

        string Type(JsonElement e, string section) => Str(e, "type") ?? throw new InvalidDataException($"'{path}': a {section} has no \"type\"");

        public IHfModel Model(JsonElement m)
        {
            var type = Str(m, "type");
            if (type == null) // old schema: infer from the fields present
                type = m.TryGetProperty("merges", out _) ? "BPE" : m.TryGetProperty("vocab", out var v) && v.ValueKind == JsonValueKind.Array ? "Unigram" : null;
            switch (type)
            {
                case "Unigram":
                {
                    var vocab = Array(m, "vocab").Select(x => (x[0].GetString()!, x[1].GetDouble())).ToList();
                    if (Bool(m, "byte_fallback")) throw new NotSupportedException($"'{path}': Unigram byte_fallback is not supported");
                    var unk = m.TryGetProperty("unk_id", out var u) && u.ValueKind == JsonValueKind.Number ? u.GetInt32()
                        : throw new InvalidDataException($"'{path}': Unigram model has no unk_id");
                    return new HfUnigramModel(vocab, unk, path);
                }
                case "BPE":
                {
                    if (m.TryGetProperty("dropout", out var dropout) && dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() > 0)
                        throw new NotSupportedException($"'{path}': BPE dropout is not supported (encoding would not be deterministic)");
                    var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
                    if (Obj(m, "vocab") is { } vj) foreach (var p in vj.EnumerateObject()) vocab[p.Name] = p.Value.GetInt32();
                    var merges = Array(m, "merges").Select(x => x.ValueKind == JsonValueKind.Array
                        ? (x[0].GetString()!, x[1].GetString()!)
                        : SplitMerge(x.GetString()!)).ToList();
                    return new BpeModel(vocab, merges, Str(m, "unk_token"), Str(m, "continuing_subword_prefix"), Str(m, "end_of_word_suffix"),
                        Bool(m, "fuse_unk"), Bool(m, "byte_fallback"), Bool(m, "ignore_merges"), path);
                }
                default: throw Unsupported("model", type);
            }
        }

        (string, string) SplitMerge(string merge)
        {
            var space = merge.IndexOf(' ', 1);
            if (space < 0) throw new InvalidDataException($"'{path}': merge '{merge}' is not two tokens separated by a space");
            return (merge[..space], merge[(space + 1)..]);
        }

        Regex Pattern(JsonElement e, string section)
        {
            var p = e.GetProperty("pattern");
            if (Str(p, "String") is { } s) return new Regex(Regex.Escape(s), RegexOptions.CultureInvariant);
            if (Str(p, "Regex") is { } rx)
            {
                try { return new Regex(OnigurumaPattern.ToDotNet(rx), RegexOptions.Compiled | RegexOptions.CultureInvariant); }
                catch (Exception ex) when (ex is ArgumentException or NotSupportedException) { throw new NotSupportedException($"'{path}': {section} regex cannot be used by .NET: {ex.Message}", ex); }
            }
            throw new InvalidDataException($"'{path}': {section} pattern has neither \"String\" nor \"Regex\"");
        }

        public IHfNormalizer? Normalizer(JsonElement n)
        {
            var type = Type(n, "normalizer");
            switch (type)
            {
                case "Sequence": return new HfSequenceNormalizer(Array(n, "normalizers").Select(Normalizer).OfType<IHfNormalizer>().ToList());
                case "Precompiled":
                    var b64 = Str(n, "precompiled_charsmap");
                    return string.IsNullOrEmpty(b64) ? null : new HfPrecompiledNormalizer(new PrecompiledCharsMap(Convert.FromBase64String(b64), path));
                case "NFC": return new HfUnicodeNormalizer(NormalizationForm.FormC);
                case "NFD": return new HfUnicodeNormalizer(NormalizationForm.FormD);
                case "NFKC": return new HfUnicodeNormalizer(NormalizationForm.FormKC);
                case "NFKD": return new HfUnicodeNormalizer(NormalizationForm.FormKD);
                case "Lowercase": return new HfLowercaseNormalizer();
                case "Prepend": return new HfPrependNormalizer(Str(n, "prepend") ?? "");
                case "Strip": return new HfStripNormalizer(Bool(n, "strip_left", true), Bool(n, "strip_right", true));
                case "Replace":
                    var content = Str(n, "content") ?? "";
                    var p = n.GetProperty("pattern");
                    return Str(p, "String") is { } lit ? new HfReplaceNormalizer(lit, content) : new HfRegexReplaceNormalizer(Pattern(n, "Replace normalizer"), content);
                default: throw Unsupported("normalizer", type);
            }
        }

        public IHfPreTokenizer PreTokenizer(JsonElement p)
        {
            var type = Type(p, "pre_tokenizer");
            switch (type)
            {
                case "Sequence": return new HfSequencePreTokenizer(Array(p, "pretokenizers").Select(PreTokenizer).ToList());
                case "WhitespaceSplit": return new HfWhitespaceSplit();
                case "Metaspace": return new HfMetaspace(Replacement(p), Scheme(p), Bool(p, "split", true));
                case "ByteLevel": return new HfByteLevel(Bool(p, "add_prefix_space", true), Bool(p, "use_regex", true));
                case "Split":
                    var behavior = Str(p, "behavior") switch
                    {
                        "Removed" => SplitBehavior.Removed,
                        "Isolated" => SplitBehavior.Isolated,
                        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
                        "MergedWithNext" => SplitBehavior.MergedWithNext,
                        var other => throw Unsupported("Split behavior", other),
                    };
                    return new HfSplit(Pattern(p, "Split pre-tokenizer"), behavior, Bool(p, "invert"));
                default: throw Unsupported("pre_tokenizer", type);
            }
        }

        char Replacement(JsonElement e)
        {
            var s = Str(e, "replacement") ?? "\u2581";
            if (s.Length != 1) throw new NotSupportedException($"'{path}': Metaspace replacement '{s}' is not a single character");
            return s[0];
        }

        PrependScheme Scheme(JsonElement e) => Str(e, "prepend_scheme") switch
        {
            "always" => PrependScheme.Always,
            "first" => PrependScheme.First,
            "never" => PrependScheme.Never,
            null => Bool(e, "add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never,
            var other => throw Unsupported("Metaspace prepend_scheme", other),
        };

        public IHfDecoder Decoder(JsonElement d)
        {
            var type = Type(d, "decoder");
            return type switch
            {
                "Sequence" => new HfSequenceDecoder(Array(d, "decoders").Select(Decoder).ToList()),
                "Metaspace" => new HfMetaspaceDecoder(Replacement(d), Scheme(d)),
                "ByteLevel" => new HfByteLevelDecoder(),
                "Fuse" => new HfFuseDecoder(),
                "Replace" => new HfReplaceDecoder(Str(d.GetProperty("pattern"), "String") ?? throw Unsupported("Replace decoder pattern", "Regex"), Str(d, "content") ?? ""),
                "Strip" => new HfStripDecoder((Str(d, "content") ?? " ")[0], d.GetProperty("start").GetInt32(), d.GetProperty("stop").GetInt32()),
                _ => throw Unsupported("decoder", type),
            };
        }

        public (IReadOnlyList<AddedToken> Prefix, IReadOnlyList<AddedToken> Suffix) PostProcessor(JsonElement p, AddedTokens added, IHfModel model)
        {
            var type = Type(p, "post_processor");
            AddedToken Token(string content, int id) => added.ByContent(content) ?? new AddedToken(id, content, Special: true);
            switch (type)
            {
                case "ByteLevel": return ([], []);
                case "Sequence":
                {
                    var prefix = new List<AddedToken>(); var suffix = new List<AddedToken>();
                    foreach (var sub in Array(p, "processors")) { var (a, b) = PostProcessor(sub, added, model); prefix.AddRange(a); suffix.InsertRange(0, b); }
                    return (prefix, suffix);
                }
                case "RobertaProcessing" or "BertProcessing":
                {
                    var cls = p.GetProperty("cls"); var sep = p.GetProperty("sep");
                    return ([Token(cls[0].GetString()!, cls[1].GetInt32())], [Token(sep[0].GetString()!, sep[1].GetInt32())]);
                }
                case "TemplateProcessing":
                {
                    var specials = Obj(p, "special_tokens");
                    var prefix = new List<AddedToken>(); var suffix = new List<AddedToken>();
                    var seenSequence = false;
                    foreach (var item in Array(p, "single"))
                    {
                        if (item.TryGetProperty("Sequence", out _)) { seenSequence = true; continue; }
                        var name = item.GetProperty("SpecialToken").GetProperty("id").GetString()!;
                        var spec = specials?.GetProperty(name) ?? throw new InvalidDataException($"'{path}': template token '{name}' is not in special_tokens");
                        var ids = spec.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToList();
                        var toks = spec.GetProperty("tokens").EnumerateArray().Select(x => x.GetString()!).ToList();
                        for (var i = 0; i < ids.Count; i++) (seenSequence ? suffix : prefix).Add(Token(toks[i], ids[i]));
                    }
                    return (prefix, suffix);
                }
                default: throw Unsupported("post_processor", type);
            }
        }
    }
}
