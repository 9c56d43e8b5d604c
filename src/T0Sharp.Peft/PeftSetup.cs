using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Peft.Checkpoints;
using T0Sharp.Peft.Config;
using TorchSharp;

namespace T0Sharp.Peft;

/// <summary>Options for <see cref="PeftSetup.Apply"/>.</summary>
/// <param name="Seed">Seeds every random draw of the adapter's initialisation (one seed, one adapter).</param>
/// <param name="BaseModelPath">Written to adapter_config.json's base_model_name_or_path when the config has none.</param>
/// <param name="Tokenize">Encodes prompt-tuning TEXT init (with special tokens); else tokenizer_name_or_path is loaded.</param>
/// <param name="TaskNames">Poly: the task of each task id, saved beside the adapter.</param>
public sealed record PeftApplyOptions(long Seed = 0, string? BaseModelPath = null, Func<string, IReadOnlyList<int>>? Tokenize = null,
    IReadOnlyList<string>? TaskNames = null);

/// <summary>
/// The entry points training, evaluation and the CLI use: parse a <c>peft:</c> section, apply a config to a freshly
/// loaded base model, load a saved adapter.
/// </summary>
public static class PeftSetup
{
    /// <summary>
    /// Parses an adapter config from PEFT's field names (a training config's <c>peft:</c> section).
    /// Contract: keys are adapter_config.json field names (<c>peft_type</c> required unless <c>preset</c> gives it);
    /// values are null, strings (YAML scalars: "8" reads as 8 where a number is expected, "true" as a bool), numbers,
    /// booleans, lists (<c>IEnumerable</c>, e.g. YAML sequences) or mappings (<c>IDictionary</c> with string keys).
    /// One extra key, <c>preset</c>, expands to fields (<see cref="Presets"/>); explicit fields win. Unknown keys and
    /// bad values throw <see cref="InvalidDataException"/> naming <paramref name="source"/> and the field.
    /// </summary>
    public static PeftConfig ParseConfig(IReadOnlyDictionary<string, object?> settings, string source)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in settings)
            if (key != Presets.Key) obj[key] = ToJson(value, $"{source}: \"{key}\"");
        if (settings.TryGetValue(Presets.Key, out var preset) && preset is not null)
            Presets.Expand(obj, preset.ToString()!, source);
        return PeftConfig.FromJson(obj, source, lenient: true);
    }

    /// <summary>The same for fields already typed as JSON (a training config's <c>peft:</c> section as JSON).</summary>
    public static PeftConfig ParseConfig(JsonObject fields, string source) =>
        ParseConfig(fields.ToDictionary(p => p.Key, p => (object?)p.Value), source);

    /// <summary>
    /// Applies <paramref name="config"/> to <paramref name="model"/> (a freshly loaded base model with no adapter):
    /// completes the config with PEFT's model-dependent defaults (checked against the model: a target that matches no
    /// module is an error naming it), injects the method initialised as PEFT's init options say (seeded by
    /// <see cref="PeftApplyOptions.Seed"/>), and freezes every base parameter except modules_to_save
    /// (<see cref="AdaptationPoints.FreezeBase"/>: frozen tensors get no gradient and no optimizer state). Train
    /// <see cref="PeftModel.TrainableParameters"/>; save with <see cref="PeftModel.Save"/>. Errors in the config throw
    /// <see cref="InvalidDataException"/> before the model is changed.
    /// </summary>
    public static PeftModel Apply(ILanguageModel model, PeftConfig config, PeftApplyOptions? options = null)
    {
        options ??= new PeftApplyOptions();
        var source = config.Source ?? "peft";
        var method = PeftMethods.For(config);
        config = method.Injector.Complete(config, model, source);
        if (config.BaseModelNameOrPath is null && options.BaseModelPath is not null) config = config with { BaseModelNameOrPath = options.BaseModelPath };
        var modulesToSave = config is ILayerAdapterConfig { ModulesToSave: { Count: > 0 } mts } ? ModulesToSave.Resolve(model, mts, source) : null;
        using var generator = new torch.Generator((ulong)options.Seed);
        var adapter = method.Injector.Inject(model, config, new InitContext(true, generator, options.Tokenize), source);
        Freeze(model, adapter, modulesToSave, trainable: true);
        return new PeftModel(model, config, adapter, modulesToSave, options.TaskNames);
    }

    /// <summary>
    /// Loads the adapter folder <paramref name="dir"/> (adapter_config.json + adapter_model.safetensors, as PEFT saves
    /// them) onto <paramref name="model"/>, a base model with no adapter. The base stays frozen; the adapter's tensors
    /// are trainable when <paramref name="trainable"/>. Missing, unexpected or misshapen tensors are errors naming the
    /// file. On error the model may be partly adapted: discard it.
    /// </summary>
    public static PeftModel LoadAdapter(ILanguageModel model, string dir, bool trainable = false)
    {
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"{dir}: no such adapter folder");
        var source = Path.Combine(dir, PeftConfig.FileName);
        var config = PeftConfig.Load(dir);
        var method = PeftMethods.For(config);
        config = method.Injector.Complete(config, model, source);
        var modulesToSave = config is ILayerAdapterConfig { ModulesToSave: { Count: > 0 } mts } ? ModulesToSave.Resolve(model, mts, source) : null;
        var adapter = method.Injector.Inject(model, config, InitContext.ForLoading, source);
        var tensors = new List<AdapterTensor>([.. adapter.Tensors, .. modulesToSave?.Tensors ?? []]);
        AdapterCheckpoint.ReadWeights(dir, tensors);
        Freeze(model, adapter, modulesToSave, trainable);
        return new PeftModel(model, config, adapter, modulesToSave, TaskNamesFile.Read(dir));
    }

    static void Freeze(ILanguageModel model, AppliedAdapter adapter, ModulesToSave? modulesToSave, bool trainable)
    {
        AdaptationPoints.FreezeBase(model, trainable ? modulesToSave?.Modules : null);
        foreach (var (_, p) in adapter.Parameters) p.requires_grad = trainable;
    }

    /// <summary>A YAML/JSON-ish value as JSON: strings stay strings (typed later by the field's reader).</summary>
    static JsonNode? ToJson(object? value, string where) => value switch
    {
        null => null,
        JsonNode n => n.DeepClone(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create((double)f),
        decimal m => JsonValue.Create((double)m),
        IDictionary dict => new JsonObject(dict.Keys.Cast<object>().Select(k =>
            KeyValuePair.Create(Convert.ToString(k, CultureInfo.InvariantCulture)!, ToJson(dict[k], where)))),
        IEnumerable<KeyValuePair<string, object?>> pairs => new JsonObject(pairs.Select(p => KeyValuePair.Create(p.Key, ToJson(p.Value, where)))),
        IEnumerable list => new JsonArray(list.Cast<object?>().Select(v => ToJson(v, where)).ToArray()),
        _ => throw new InvalidDataException($"{where}: cannot read a value of type {value.GetType().Name}"),
    };
}
