using System.Text.Json;
using System.Text.Json.Nodes;
using T0Sharp.Data.Tokenization.HuggingFace;

namespace T0Sharp.Data.Tokenization.Extension;

/// <summary>BLOOM+1's three ways to give a model a vocabulary for a new language.</summary>
public enum VocabularyStrategy
{
    /// <summary>Keep every old token and id; append the new language's tokens after them.</summary>
    Extend,
    /// <summary>A new tokenizer learnt on the new language alone; every embedding row starts fresh.</summary>
    Replace,
    /// <summary>The new tokenizer of <see cref="Replace"/>; tokens it shares with the old vocabulary keep their rows.</summary>
    OverlapReplace,
}

/// <summary>
/// A new tokenizer.json and, for each of its ids, where that id's embedding row comes from.
/// <see cref="RowSources"/>[id] lists old ids whose rows' mean initialises the new row (one id: a copy); an empty
/// list means a fresh random row.
/// </summary>
public sealed record TokenizerExtension(string TokenizerJson, VocabularyStrategy Strategy, int OldVocabSize, int NewVocabSize,
    IReadOnlyList<string> NewTokens, int SharedTokens, IReadOnlyList<int[]> RowSources);

/// <summary>
/// Learns a new language's BPE merges for a byte-level BPE tokenizer.json (BLOOM, GPT-2) and writes the tokenizer of
/// a <see cref="VocabularyStrategy"/>.
/// <para>
/// <b>Extend</b> continues the old merge list: a corpus word is first encoded with the old tokenizer, then merges
/// are learnt over those tokens (<see cref="BpeMergeLearner"/>) and appended after the old merges, each making a new
/// token at the next free id. BPE applies the lowest-ranked merge first and no old merge involves a new token, so any
/// text is encoded exactly as before and then the new merges join some neighbouring tokens: every old id keeps its
/// token, old text without the new language's pieces keeps its ids, and a new token expands back into old tokens.
/// A new token's row starts as the mean of the rows of its old encoding (BLOOM+1's "breakdown" initialisation).
/// </para>
/// <para>
/// <b>Replace</b> and <b>OverlapReplace</b> learn a tokenizer from scratch on the corpus with the same pipeline
/// (normalizer, pre-tokenizer, decoder, post-processor): the old added tokens first (their order kept, ids from 0),
/// the 256 byte-level symbols, then the learnt merges.
/// </para>
/// </summary>
public static class BpeTokenizerExtension
{
    public static TokenizerExtension Build(string tokenizerJson, IEnumerable<string> corpus, int newTokens,
        VocabularyStrategy strategy, int minFrequency = 2)
    {
        if (newTokens < 1) throw new ArgumentException($"--new-tokens {newTokens}: must be at least 1");
        if (minFrequency < 1) throw new ArgumentException($"--min-frequency {minFrequency}: must be at least 1");
        var old = HfTokenizerJson.Load(tokenizerJson);
        var root = JsonNode.Parse(File.ReadAllText(tokenizerJson))!.AsObject();
        var modelJson = root["model"]!.AsObject();
        if (old.Model is not BpeModel bpe)
            throw new NotSupportedException($"'{tokenizerJson}': only BPE tokenizer.json files (BLOOM, GPT-2) can be extended; " +
                "this one has a Unigram model (T5/mT5), which T0Sharp cannot extend yet");
        if (Str(modelJson, "continuing_subword_prefix") is { Length: > 0 } || Str(modelJson, "end_of_word_suffix") is { Length: > 0 }
            || !(root["pre_tokenizer"]?.ToJsonString().Contains("\"ByteLevel\"", StringComparison.Ordinal) ?? false))
            throw new NotSupportedException($"'{tokenizerJson}': only byte-level BPE (a ByteLevel pre-tokenizer, no subword prefix or suffix) can be extended");

        var wordCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        var documents = 0;
        foreach (var text in corpus)
        {
            documents++;
            foreach (var w in old.Words(text)) wordCounts[w] = wordCounts.GetValueOrDefault(w) + 1;
        }
        if (wordCounts.Count == 0) throw new InvalidDataException($"the corpus has no text ({documents} documents)");
        var words = wordCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();

        return strategy == VocabularyStrategy.Extend
            ? Extend(root, modelJson, old, bpe, words, newTokens, minFrequency)
            : Replace(root, modelJson, old, words, newTokens, minFrequency, strategy);
    }

    static TokenizerExtension Extend(JsonObject root, JsonObject modelJson, HfTokenizer old, BpeModel bpe,
        List<KeyValuePair<string, long>> words, int newTokens, int minFrequency)
    {
        var encoded = words.Select(kv =>
        {
            var ids = new List<int>();
            var tokens = new List<string>();
            bpe.Tokenize(kv.Key, ids, tokens);
            return ((IReadOnlyList<string>)tokens, kv.Value);
        }).ToList();
        var existing = new HashSet<string>(StringComparer.Ordinal);
        for (var id = 0; id < old.VocabSize; id++) if (old.IdToToken(id) is { } t) existing.Add(t);
        var merges = BpeMergeLearner.Learn(encoded, existing, newTokens, minFrequency);

        var vocab = modelJson["vocab"]!.AsObject();
        var sources = new List<int[]>();
        for (var id = 0; id < old.VocabSize; id++) sources.Add([id]);
        var added = new List<string>();
        foreach (var (left, right) in merges)
        {
            var token = left + right;
            vocab[token] = old.VocabSize + added.Count;
            var ids = new List<int>();
            bpe.Tokenize(token, ids, null);
            sources.Add([.. ids]);
            added.Add(token);
        }
        AppendMerges(modelJson, merges, StringMerges(modelJson));
        return new TokenizerExtension(root.ToJsonString(JsonOut), VocabularyStrategy.Extend, old.VocabSize, old.VocabSize + added.Count,
            added, old.VocabSize, sources);
    }

    static TokenizerExtension Replace(JsonObject root, JsonObject modelJson, HfTokenizer old,
        List<KeyValuePair<string, long>> words, int newTokens, int minFrequency, VocabularyStrategy strategy)
    {
        var vocab = new List<string>();
        var addedTokens = root["added_tokens"]?.AsArray() ?? [];
        foreach (var t in addedTokens.OrderBy(t => (int)t!["id"]!)) vocab.Add((string)t!["content"]!);
        for (var b = 0; b < 256; b++) if (!vocab.Contains(ByteLevelAlphabet.ToChar((byte)b).ToString())) vocab.Add(ByteLevelAlphabet.ToChar((byte)b).ToString());
        var chars = words.Select(kv => ((IReadOnlyList<string>)kv.Key.Select(c => c.ToString()).ToList(), kv.Value)).ToList();
        var merges = BpeMergeLearner.Learn(chars, new HashSet<string>(vocab, StringComparer.Ordinal), newTokens, minFrequency);
        vocab.AddRange(merges.Select(m => m.Left + m.Right));

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var vocabJson = new JsonObject();
        for (var i = 0; i < vocab.Count; i++) { ids[vocab[i]] = i; vocabJson[vocab[i]] = i; }
        var stringMerges = StringMerges(modelJson);
        modelJson["vocab"] = vocabJson;
        modelJson["merges"] = new JsonArray();
        AppendMerges(modelJson, merges, stringMerges);
        foreach (var t in addedTokens) t!["id"] = ids[(string)t["content"]!];
        RenumberSpecialTokens(root["post_processor"], ids);

        var shared = 0;
        var sources = new List<int[]>();
        foreach (var token in vocab)
        {
            var oldId = old.TokenToId(token);
            if (oldId is not null) shared++;
            sources.Add(strategy == VocabularyStrategy.OverlapReplace && oldId is int keep ? [keep] : []);
        }
        var fresh = vocab.Where(t => old.TokenToId(t) is null).ToList();
        return new TokenizerExtension(root.ToJsonString(JsonOut), strategy, old.VocabSize, vocab.Count, fresh, shared, sources);
    }

    /// <summary>Appends merges in the file's own notation: <c>["a", "b"]</c> pairs (tokenizers ≥ 0.20) or <c>"a b"</c> strings.</summary>
    static void AppendMerges(JsonObject modelJson, IReadOnlyList<(string Left, string Right)> merges, bool asStrings)
    {
        var list = modelJson["merges"]!.AsArray();
        foreach (var (l, r) in merges)
            list.Add(asStrings ? JsonValue.Create($"{l} {r}") : new JsonArray(JsonValue.Create(l), JsonValue.Create(r)));
    }

    static bool StringMerges(JsonObject modelJson) => modelJson["merges"] is JsonArray { Count: > 0 } list && list[0] is JsonValue;

    /// <summary>Post-processors (TemplateProcessing, nested in Sequence) name their special tokens' ids: follow the new ids.</summary>
    static void RenumberSpecialTokens(JsonNode? node, IReadOnlyDictionary<string, int> ids)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["special_tokens"] is JsonObject specials)
                    foreach (var (_, entry) in specials)
                        if (entry?["tokens"] is JsonArray tokens)
                            entry["ids"] = new JsonArray(tokens.Select(t => (JsonNode)JsonValue.Create(ids.TryGetValue((string)t!, out var id) ? id
                                : throw new InvalidDataException($"post_processor special token '{(string)t!}' is not in the new vocabulary"))).ToArray());
                foreach (var (_, child) in o) RenumberSpecialTokens(child, ids);
                break;
            case JsonArray a:
                foreach (var child in a) RenumberSpecialTokens(child, ids);
                break;
        }
    }

    /// <summary>Tokens per whitespace-separated word over <paramref name="texts"/> (no special tokens): a tokenizer's fertility.</summary>
    public static double TokensPerWord(ITokenizer tokenizer, IEnumerable<string> texts)
    {
        long tokens = 0, words = 0;
        foreach (var t in texts)
        {
            tokens += tokenizer.Encode(t, addSpecialTokens: false).Count;
            words += t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        }
        return words == 0 ? 0 : (double)tokens / words;
    }

    static string? Str(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    static readonly JsonSerializerOptions JsonOut = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };
}
