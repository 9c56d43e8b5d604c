using T0Sharp.Models;
using T0Sharp.Peft.Config;

namespace T0Sharp.Peft.Methods;

/// <summary>Checks shared by every method: the config's task_type fits the model (SEQ_2_SEQ_LM for T5, CAUSAL_LM for BLOOM).</summary>
internal static class ModelKinds
{
    public static string TaskTypeOf(ILanguageModel model) => model.IsEncoderDecoder ? "SEQ_2_SEQ_LM" : "CAUSAL_LM";

    /// <summary>The config with task_type filled in; an explicit task_type of the other kind is an error.</summary>
    public static T WithTaskType<T>(T config, ILanguageModel model, string source) where T : PeftConfig
    {
        var expected = TaskTypeOf(model);
        if (config.TaskType is { } given && given != expected)
            throw new InvalidDataException($"{source}: \"task_type\" is \"{given}\" but the model is a {model.Config.ModelType} " +
                $"({(model.IsEncoderDecoder ? "encoder-decoder" : "decoder-only")}) model: expected \"{expected}\"");
        return (T)(config with { TaskType = expected });
    }
}
