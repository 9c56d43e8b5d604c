using System.Text.Json;
using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// Fields that PEFT versions after 0.9.0 write into adapter_config.json. Adapters saved by a newer PEFT load when these
/// hold their "off" value (the feature is unused); otherwise loading fails naming the field, because ignoring it would
/// compute something else. They are not written back: PEFT 0.9.0 would reject them.
/// </summary>
internal static class LaterPeftFields
{
    public static void Accept(ConfigReader r)
    {
        r.Inert("peft_version", _ => true, "any value (informational)");
        r.Inert("runtime_config", _ => true, "any value (runtime-only settings)");
        r.Inert("exclude_modules", ConfigReader.IsNullOrEmpty, "null");
        r.Inert("layer_replication", ConfigReader.IsNullOrEmpty, "null");
        r.Inert("lora_bias", ConfigReader.IsNullOrFalse, "false");
        r.Inert("use_qalora", ConfigReader.IsNullOrFalse, "false");
        r.Inert("qalora_group_size", _ => true, "any value (only used with use_qalora)");
        r.Inert("target_parameters", ConfigReader.IsNullOrEmpty, "null");
        r.Inert("trainable_token_indices", ConfigReader.IsNullOrEmpty, "null");
        r.Inert("eva_config", ConfigReader.IsNullOrEmpty, "null");
        r.Inert("corda_config", ConfigReader.IsNullOrEmpty, "null");
        r.Inert("alora_invocation_tokens", ConfigReader.IsNullOrEmpty, "null");
        r.Inert("ensure_weight_tying", ConfigReader.IsNullOrFalse, "false");
    }

    public static bool IsFalse(JsonNode? n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.False;
}
