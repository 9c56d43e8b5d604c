using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// Named field sets for a training config's <c>peft:</c> section (<c>preset: NAME</c>); they expand to ordinary PEFT
/// fields, so what is saved is a plain PEFT config. Fields given beside the preset win.
/// <list type="bullet">
/// <item><c>t-few</c>: t-few's exact (IA)^3 — l_k, l_v scale the k and v outputs of every attention, l_ff scales
/// wi_1's output (the linear branch of gated-GELU, i.e. gelu(wi_0 x) ⊙ wi_1 x · l_ff): <c>peft_type: IA3,
/// target_modules: [k, v, wi_1], feedforward_modules: []</c>. On T5 v1.0 (wi, wo) it fails naming wi_1, where
/// t-few's pattern silently adapted no feed-forward layer (t-few issues #23, #26).</item>
/// <item><c>compacter</c> / <c>compacter++</c>: <c>peft_type: COMPACTER</c> with <c>placement: houlsby</c> / <c>pfeiffer</c>.</item>
/// <item><c>houlsby</c> / <c>pfeiffer</c>: <c>peft_type: BOTTLENECK</c> with that placement.</item>
/// </list>
/// </summary>
public static class Presets
{
    public const string Key = "preset";

    public static void Expand(JsonObject fields, string preset, string source)
    {
        switch (preset.ToLowerInvariant())
        {
            case "t-few" or "tfew":
                Default(fields, "peft_type", "IA3", preset, source);
                fields.TryAdd("target_modules", new JsonArray("k", "v", "wi_1"));
                fields.TryAdd("feedforward_modules", new JsonArray());
                break;
            case "compacter" or "compacter++":
                Default(fields, "peft_type", "COMPACTER", preset, source);
                Default(fields, "placement", preset.EndsWith("++", StringComparison.Ordinal) ? "pfeiffer" : "houlsby", preset, source);
                break;
            case "houlsby" or "pfeiffer":
                Default(fields, "peft_type", "BOTTLENECK", preset, source);
                Default(fields, "placement", preset.ToLowerInvariant(), preset, source);
                break;
            default:
                throw new InvalidDataException($"{source}: \"{Key}\" is \"{preset}\": the presets are t-few, compacter, compacter++, houlsby, pfeiffer");
        }
    }

    static void Default(JsonObject fields, string key, string value, string preset, string source)
    {
        if (fields[key] is JsonValue v && v.TryGetValue<string>(out var given) && !string.Equals(given, value, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{source}: \"{key}\" is \"{given}\" but preset {preset} sets {key} {value}");
        fields[key] = value;
    }
}
