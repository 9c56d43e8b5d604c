using System.Text.Json;
using System.Text.Json.Nodes;
using T0Sharp.Core;

namespace T0Sharp.Peft.Config;

/// <summary>
/// An adapter's configuration as Hugging Face PEFT keeps it in <c>adapter_config.json</c>, with PEFT's field names.
/// <c>peft_type</c> picks the record (<see cref="PeftMethods"/>). Reading rejects fields PEFT 0.9.0 does not know for
/// that type, naming the file and field, as PEFT 0.9.0 itself does (its dataclasses raise on unknown keyword
/// arguments); a few fields of later PEFT versions are accepted when they hold their "off" value. Writing emits every
/// PEFT 0.9.0 field of the type exactly as PEFT's <c>save_pretrained</c> does, so PEFT loads the file unchanged.
/// </summary>
public abstract record PeftConfig
{
    public const string FileName = "adapter_config.json";

    /// <summary>PEFT's <c>peft_type</c>: LORA, IA3, POLY, PROMPT_TUNING, PREFIX_TUNING, ...</summary>
    public abstract string PeftType { get; }

    /// <summary>Prompt-learning methods (prompt and prefix tuning) add virtual tokens instead of hosting layer adapters.</summary>
    public abstract bool IsPromptLearning { get; }

    /// <summary>PEFT's <c>task_type</c>: SEQ_2_SEQ_LM for T5-family models, CAUSAL_LM for BLOOM.</summary>
    public string? TaskType { get; init; }

    public string? BaseModelNameOrPath { get; init; }
    public string? Revision { get; init; }

    /// <summary>PEFT writes true when saving; it only matters to PEFT (a frozen adapter).</summary>
    public bool InferenceMode { get; init; }

    /// <summary>PEFT's <c>auto_mapping</c>, kept as it was read.</summary>
    public JsonNode? AutoMapping { get; init; }

    /// <summary>Where the config was read from (a file path, or a training config's section), for messages; never written.</summary>
    public string? Source { get; init; }

    /// <summary>Fields accepted but not kept (later PEFT versions' fields at their "off" value).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Throws <see cref="InvalidDataException"/> naming <paramref name="source"/> and the field when a value is out of range or unsupported.</summary>
    public abstract void Validate(string source);

    /// <summary>The fields of this type (without the common ones).</summary>
    protected abstract void WriteFields(JsonObject o);

    /// <summary>Every PEFT 0.9.0 field of this type, as PEFT's <c>asdict</c> gives them.</summary>
    public JsonObject ToJsonObject()
    {
        var o = new JsonObject
        {
            ["auto_mapping"] = AutoMapping?.DeepClone(),
            ["base_model_name_or_path"] = BaseModelNameOrPath,
            ["inference_mode"] = InferenceMode,
            ["peft_type"] = PeftType,
            ["revision"] = Revision,
            ["task_type"] = TaskType,
        };
        WriteFields(o);
        return o;
    }

    /// <summary>The file text exactly as PEFT writes it (<c>json.dumps(indent=2, sort_keys=True)</c>, no final newline).</summary>
    public string ToJson() => PythonJson.Dumps(ToJsonObject());

    /// <summary>Writes <c>adapter_config.json</c> into <paramref name="dir"/> atomically.</summary>
    public void Save(string dir) => AtomicFile.WriteAllText(Path.Combine(dir, FileName), ToJson());

    /// <summary>Reads <c>adapter_config.json</c> (a file, or a folder holding one).</summary>
    public static PeftConfig Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file)) throw new FileNotFoundException($"{file}: no such file (an adapter folder holds {FileName} and adapter_model.safetensors)", file);
        return Parse(File.ReadAllText(file), file);
    }

    /// <summary>Parses adapter_config.json text; <paramref name="source"/> names it in errors.</summary>
    public static PeftConfig Parse(string json, string source)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: not valid JSON: {e.Message}", e); }
        if (node is not JsonObject obj) throw new InvalidDataException($"{source}: expected a JSON object");
        return FromJson(obj, source, lenient: false);
    }

    /// <summary>Builds a config from its fields (JSON, or YAML turned into JSON with <paramref name="lenient"/> scalars).</summary>
    public static PeftConfig FromJson(JsonObject obj, string source, bool lenient)
    {
        var r = new ConfigReader(obj, source, lenient);
        var type = r.String("peft_type") ?? throw r.Error("peft_type", $"is missing: one of {string.Join(", ", PeftMethods.Types)}");
        var method = PeftMethods.Find(type) ?? throw r.Error("peft_type",
            $"is \"{type}\": T0Sharp supports {string.Join(", ", PeftMethods.Types)}");
        var config = method.Read(r) with
        {
            TaskType = r.String("task_type"),
            BaseModelNameOrPath = r.String("base_model_name_or_path"),
            Revision = r.String("revision"),
            InferenceMode = r.Bool("inference_mode", false),
            AutoMapping = r.Raw("auto_mapping"),
        };
        LaterPeftFields.Accept(r);
        r.Finish(type);
        config = config with { Notes = r.Notes.ToList(), Source = source };
        config.Validate(source);
        return config;
    }

    protected static void Require(bool ok, string source, string field, string message)
    {
        if (!ok) throw new InvalidDataException($"{source}: \"{field}\" {message}");
    }

    protected static JsonNode? Names(IReadOnlyList<string>? names) =>
        names is null ? null : new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray());
}
