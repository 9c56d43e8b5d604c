namespace T0Sharp.Models.Loading;

/// <summary>
/// Matches a model's parameter names to the names a Hugging Face checkpoint uses, accepting the variants found on
/// the hub: T5 checkpoints with or without the tied aliases (<c>encoder/decoder.embed_tokens.weight</c>, and
/// <c>lm_head.weight</c> when the head is tied), BLOOM checkpoints with or without the <c>transformer.</c> prefix
/// (bigscience publishes BloomModel keys) and without <c>lm_head.weight</c>.
/// </summary>
public static class WeightNames
{
    /// <summary>
    /// For each expected parameter, the checkpoint key to read it from. Throws <see cref="InvalidDataException"/>
    /// naming <paramref name="location"/> when a parameter has no source or the checkpoint holds tensors the model lacks.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Resolve(IEnumerable<string> expected, IEnumerable<string> available,
        ModelConfig config, string location)
    {
        var have = available.ToHashSet(StringComparer.Ordinal);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var name in expected)
        {
            var source = Candidates(name, config).FirstOrDefault(have.Contains);
            if (source is null) missing.Add(name);
            else map[name] = source;
        }
        var used = map.Values.ToHashSet(StringComparer.Ordinal);
        var unexpected = have.Where(k => !used.Contains(k) && !IsIgnorable(k, config)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{location}: the checkpoint lacks {missing.Count} tensor(s) the {config.ArchitectureName} config needs: " +
                List(missing) + ". Is config.json the one that belongs to these weights?");
        if (unexpected.Count > 0)
            throw new InvalidDataException($"{location}: the checkpoint holds {unexpected.Count} tensor(s) the {config.ArchitectureName} config has no place for: " +
                List(unexpected) + ". Is config.json the one that belongs to these weights (layer counts, feed_forward_proj)?");
        return map;
    }

    static IEnumerable<string> Candidates(string name, ModelConfig config)
    {
        yield return name;
        switch (config)
        {
            case T5Config when name == "shared.weight":
                yield return "encoder.embed_tokens.weight";
                yield return "decoder.embed_tokens.weight";
                break;
            case BloomConfig when name.StartsWith("transformer.", StringComparison.Ordinal):
                yield return name["transformer.".Length..];
                break;
        }
    }

    /// <summary>Keys Hugging Face also drops on load: tied aliases and the obsolete cross-attention position bias.</summary>
    static bool IsIgnorable(string key, ModelConfig config) => config switch
    {
        T5Config t5 => key is "encoder.embed_tokens.weight" or "decoder.embed_tokens.weight"
            or "decoder.block.0.layer.1.EncDecAttention.relative_attention_bias.weight"
            || (t5.TieWordEmbeddings && key == "lm_head.weight"),
        BloomConfig => key == "lm_head.weight",
        _ => false,
    };

    static string List(List<string> names) =>
        string.Join(", ", names.Take(8)) + (names.Count > 8 ? $" and {names.Count - 8} more" : "");
}
