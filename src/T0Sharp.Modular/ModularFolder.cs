using System.Text.Json;
using System.Text.Json.Nodes;
using T0Sharp.Core;
using T0Sharp.Modular.Contract;

namespace T0Sharp.Modular;

/// <summary>
/// The folder a modular method is saved in (beside the model by <c>t0sharp train</c>, read by <c>--adapter DIR</c>):
/// <list type="bullet">
/// <item><c>modular_config.json</c>: <c>{"format": "t0sharp-modular", "version": 1, "method": "attempt",
/// "conditions_on": ["task_id"], "base_model": {"model_type", "d_model", "encoder_layers", "decoder_layers"},
/// "hyperparameters": {...every setting with its effective value...}, "tasks": [{"name", "instruction",
/// "instruction_ids"}, ...]}</c> (tasks in task-id order).</item>
/// <item><c>modular_model.safetensors</c>: every parameter and buffer of the method's module, named relative to it
/// (e.g. <c>target_prompt</c>, <c>attention.down.weight</c>), each in its own dtype, sorted.</item>
/// </list>
/// A PEFT folder has <c>adapter_config.json</c> instead; <see cref="IsModular"/> tells them apart.
/// </summary>
public static class ModularFolder
{
    public const string ConfigFile = "modular_config.json";
    public const string WeightsFile = "modular_model.safetensors";
    public const string Format = "t0sharp-modular";
    public const int Version = 1;

    /// <summary>True when <paramref name="dir"/> holds a modular method (its config file is present).</summary>
    public static bool IsModular(string dir) => File.Exists(Path.Combine(dir, ConfigFile));

    /// <summary>The saved description of a method.</summary>
    public sealed record Config(string Method, ConditioningKinds ConditionsOn, JsonObject BaseModel, JsonObject Hyperparameters, TaskTable Tasks);

    public static void WriteConfig(string dir, Config c)
    {
        var o = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["method"] = c.Method,
            ["conditions_on"] = new JsonArray(ConditioningKindNames.ToNames(c.ConditionsOn).Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            ["base_model"] = c.BaseModel.DeepClone(),
            ["hyperparameters"] = c.Hyperparameters.DeepClone(),
            ["tasks"] = c.Tasks.ToJson(),
        };
        AtomicFile.WriteAllText(Path.Combine(dir, ConfigFile), o.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    public static Config ReadConfig(string dir)
    {
        var path = Path.Combine(dir, ConfigFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{dir}: no {ConfigFile}: not a modular method folder", path);
        JsonObject o;
        try { o = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{path}: expected a JSON object"); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON: {e.Message}", e); }
        if (o["format"]?.GetValue<string>() != Format) throw new InvalidDataException($"{path}: \"format\" must be \"{Format}\"");
        var version = o["version"]?.GetValue<int>() ?? 0;
        if (version != Version) throw new InvalidDataException($"{path}: \"version\" {version} is not supported (this T0Sharp reads {Version})");
        var method = o["method"]?.GetValue<string>() ?? throw new InvalidDataException($"{path}: \"method\" is missing");
        var kinds = o["conditions_on"] is JsonArray k ? ConditioningKindNames.Parse(k.Select(x => x!.GetValue<string>()), path) : ConditioningKinds.None;
        return new Config(method, kinds, o["base_model"] as JsonObject ?? new JsonObject(), o["hyperparameters"] as JsonObject ?? new JsonObject(),
            TaskTable.FromJson(o["tasks"], path));
    }
}
