using T0Sharp.Models;
using TorchSharp;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using static TorchSharp.torch;

namespace T0Sharp.Training.Setup;

/// <summary>
/// Gets the model a run trains: from a checkpoint's model folder when resuming (the architecture comes from the
/// checkpoint), from a Hugging Face folder (model.init_from), or from scratch (model.config or model.preset),
/// with model.dropout_rate applied to the config.
/// </summary>
public static class ModelSetup
{
    public static readonly IReadOnlyDictionary<string, Func<ModelConfig>> Presets = new Dictionary<string, Func<ModelConfig>>(StringComparer.Ordinal)
    {
        ["t5-tiny"] = () => T5Config.Tiny,
        ["t5-small"] = () => T5Config.Small,
    };

    public static LanguageModelAdapter Create(TrainOptions o, string? resumeModelDir = null, int? vocabSize = null)
    {
        var device = ComputeSettings.ParseDevice(o.Run.Device, "run.device");
        // Module construction may draw from the global generator; seeding it makes from-scratch runs repeatable.
        manual_seed(o.Run.Seed);
        var dtype = ComputeSettings.ParseDtype(o.Run.Dtype, "run.dtype");
        if (resumeModelDir != null)
            return new LanguageModelAdapter(PretrainedModel.Load(resumeModelDir, device, dtype), resumeModelDir);
        if (o.Model.InitFrom is string init)
        {
            if (!Directory.Exists(init)) throw new DirectoryNotFoundException($"model.init_from: folder '{init}' does not exist");
            var config = ModelConfig.Load(init);
            var wanted = WithDropout(config, o.Model.DropoutRate);
            if (wanted == config) return new LanguageModelAdapter(PretrainedModel.Load(init, device, dtype), init);
            // A different dropout rate: build from the changed config, then copy the pretrained weights in.
            var model = PretrainedModel.Create(wanted, device, o.Run.Seed);
            using var pretrained = PretrainedModel.Load(init, device);
            LanguageModelAdapter.CopyParameters(pretrained.Module, model.Module, init);
            if (dtype != ScalarType.Float32) model.Module.to(dtype);
            return new LanguageModelAdapter(model);
        }
        ModelConfig fresh;
        if (o.Model.Config is string path) fresh = ModelConfig.Load(path);
        else if (o.Model.Preset is string preset)
            fresh = Presets.TryGetValue(preset, out var f) ? f()
                : throw new OptionsException($"model.preset: unknown preset '{preset}'; {OptionNames.Suggest(preset, Presets.Keys)}");
        else throw new OptionsException("set one of model.init_from (a Hugging Face folder), model.config (a config.json) or model.preset (t5-tiny, t5-small)");
        if (vocabSize is int v && fresh is T5Config t5 && o.Model.Config is null) fresh = t5 with { VocabSize = v };
        var created = PretrainedModel.Create(WithDropout(fresh, o.Model.DropoutRate), device, o.Run.Seed);
        if (dtype != ScalarType.Float32) created.Module.to(dtype);
        return new LanguageModelAdapter(created);
    }

    static ModelConfig WithDropout(ModelConfig c, double? rate) => rate switch
    {
        null => c,
        double r when c is T5Config t5 => t5 with { DropoutRate = r },
        double r when c is BloomConfig b => b with { HiddenDropout = r, AttentionDropout = r },
        _ => c,
    };
}
