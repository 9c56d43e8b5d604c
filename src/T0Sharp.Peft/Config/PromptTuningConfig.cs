using System.Text.Json.Nodes;

namespace T0Sharp.Peft.Config;

/// <summary>
/// PEFT's <c>PromptTuningConfig</c> (peft_type PROMPT_TUNING): num_virtual_tokens × num_transformer_submodules learned
/// rows (PEFT allocates 2n for seq2seq models and prepends only the first n to the encoder input; T0Sharp keeps all
/// rows so files round-trip). Initialisation: RANDOM (N(0, 1), torch's Embedding default), SAMPLE_VOCAB (embeddings
/// of random vocabulary ids, as later PEFT versions do) or TEXT (embeddings of the tokenized init text, repeated or
/// cut to fit).
/// </summary>
public sealed record PromptTuningConfig : PromptLearningConfig
{
    public static readonly string[] InitModes = ["RANDOM", "SAMPLE_VOCAB", "TEXT"];

    public override string PeftType => "PROMPT_TUNING";

    public string PromptTuningInit { get; init; } = "RANDOM";
    public string? PromptTuningInitText { get; init; }
    public string? TokenizerNameOrPath { get; init; }
    public JsonNode? TokenizerKwargs { get; init; }

    internal static PromptTuningConfig Read(ConfigReader r) => new PromptTuningConfig
    {
        PromptTuningInit = r.String("prompt_tuning_init", "RANDOM")!,
        PromptTuningInitText = r.String("prompt_tuning_init_text"),
        TokenizerNameOrPath = r.String("tokenizer_name_or_path"),
        TokenizerKwargs = r.Raw("tokenizer_kwargs"),
    }.ReadShared<PromptTuningConfig>(r);

    public override void Validate(string source)
    {
        base.Validate(source);
        Require(InitModes.Contains(PromptTuningInit), source, "prompt_tuning_init", $"is \"{PromptTuningInit}\": use {string.Join(", ", InitModes)}");
        Require(PromptTuningInit != "TEXT" || !string.IsNullOrEmpty(PromptTuningInitText) || InferenceMode, source, "prompt_tuning_init_text",
            "is required when prompt_tuning_init is TEXT");
    }

    protected override void WriteFields(JsonObject o)
    {
        base.WriteFields(o);
        o["prompt_tuning_init"] = PromptTuningInit;
        o["prompt_tuning_init_text"] = PromptTuningInitText;
        o["tokenizer_name_or_path"] = TokenizerNameOrPath;
        o["tokenizer_kwargs"] = TokenizerKwargs?.DeepClone();
    }
}
