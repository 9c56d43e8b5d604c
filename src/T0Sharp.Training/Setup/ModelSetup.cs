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
            var model = LoadWithDropout(init, o.Model.DropoutRate, device, dtype, o.Run.Seed);
            // The folder is the model's origin only when its config is kept as it is.
            var config = ModelConfig.Load(init);
            return WithDropout(config, o.Model.DropoutRate) == config ? new LanguageModelAdapter(model, init) : new LanguageModelAdapter(model);
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

    /// <summary>
    /// The model of a Hugging Face folder with its dropout rate set to <paramref name="rate"/> (null: the folder's own).
    /// Dropout is fixed when modules are built, so another rate builds the model from the changed config and copies
    /// the folder's weights in.
    /// </summary>
    public static ILanguageModel LoadWithDropout(string dir, double? rate, Device? device = null, ScalarType? dtype = null, long seed = 0)
    {
        var config = ModelConfig.Load(dir);
        var wanted = WithDropout(config, rate);
        if (wanted == config) return PretrainedModel.Load(dir, device, dtype);
        var model = PretrainedModel.Create(wanted, device, seed);
        using var pretrained = PretrainedModel.Load(dir, device);
        LanguageModelAdapter.CopyParameters(pretrained.Module, model.Module, dir);
        if (dtype is { } d && d != ScalarType.Float32) model.Module.to(d);
        return model;
    }

    static ModelConfig WithDropout(ModelConfig c, double? rate) => rate switch
    {
        null => c,
        double r when c is T5Config t5 => t5 with { DropoutRate = r },
        double r when c is BloomConfig b => b with { HiddenDropout = r, AttentionDropout = r },
        _ => c,
    };
}
