using T0Sharp.Peft.Config;
using T0Sharp.Peft.Methods.Bottleneck;
using T0Sharp.Peft.Methods.Compacter;
using T0Sharp.Peft.Methods.Ia3;
using T0Sharp.Peft.Methods.Lora;
using T0Sharp.Peft.Methods.Poly;
using T0Sharp.Peft.Methods.PrefixTuning;
using T0Sharp.Peft.Methods.PromptTuning;

namespace T0Sharp.Peft;

/// <summary>One method: its <c>peft_type</c>, a display name, how its config is read, and how it is applied.</summary>
public sealed record PeftMethod(string PeftType, string Name, Func<ConfigReader, PeftConfig> Read, IPeftInjector Injector);

/// <summary>
/// The one table of methods T0Sharp knows, keyed by PEFT's <c>peft_type</c>. Adding a method is a config record, a
/// layer (or provider) and an injector, and one row here (methods PEFT lacks use their own peft_type, documented in
/// docs/peft.md).
/// </summary>
public static class PeftMethods
{
    static readonly PeftMethod[] Table =
    [
        new("LORA", "LoRA", LoraConfig.Read, new LoraMethod()),
        new("IA3", "(IA)^3", Ia3Config.Read, new Ia3Method()),
        new("POLY", "Poly", PolyConfig.Read, new PolyMethod()),
        new("PROMPT_TUNING", "prompt tuning", PromptTuningConfig.Read, new PromptTuningMethod()),
        new("PREFIX_TUNING", "prefix tuning", PrefixTuningConfig.Read, new PrefixTuningMethod()),
        new("COMPACTER", "Compacter", CompacterConfig.Read, new CompacterMethod()),        // T0Sharp's type (not in PEFT)
        new("BOTTLENECK", "bottleneck adapter", BottleneckConfig.Read, new BottleneckMethod()), // T0Sharp's type (not in PEFT)
    ];

    public static IReadOnlyList<string> Types { get; } = Table.Select(m => m.PeftType).ToList();

    /// <summary>The method for <paramref name="peftType"/> (PEFT's spelling, case-insensitive), or null.</summary>
    public static PeftMethod? Find(string peftType) =>
        Table.FirstOrDefault(m => string.Equals(m.PeftType, peftType, StringComparison.OrdinalIgnoreCase));

    public static PeftMethod For(PeftConfig config) =>
        Find(config.PeftType) ?? throw new InvalidOperationException($"no method is registered for peft_type {config.PeftType}");
}
