using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace T0Sharp.Models;

/// <summary>
/// A model's architecture as read from a Hugging Face <c>config.json</c>. The family comes from <c>model_type</c>
/// (t5, mt5 → <see cref="T5Config"/>; bloom → <see cref="BloomConfig"/>), never from <c>architectures</c>, because
/// old configs name classes that no longer exist (t5-small's <c>T5WithLMHeadModel</c>). Keys a config omits take
/// Hugging Face's defaults, which live once, in the property initializers of the concrete records.
/// </summary>
public abstract record ModelConfig
{
    // JSON names are declared on the overrides in each family's record (attributes on abstract members would be inherited ambiguously).
    public abstract string ModelType { get; init; }
    public abstract int VocabSize { get; init; }
    public abstract int? PadTokenId { get; init; }
    public abstract int? EosTokenId { get; init; }
    public abstract bool TieWordEmbeddings { get; init; }

    /// <summary>True for T5-family encoder-decoders, false for decoder-only models.</summary>
    public abstract bool IsEncoderDecoder { get; }

    /// <summary>The class name written to <c>architectures</c> when saving.</summary>
    public abstract string ArchitectureName { get; }

    /// <summary>Throws <see cref="InvalidDataException"/> naming <paramref name="source"/> and the field when the config cannot describe a model.</summary>
    public abstract void Validate(string source);

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.Strict,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Reads and validates <c>config.json</c> (a file, or a folder holding one).</summary>
    public static ModelConfig Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "config.json") : path;
        if (!File.Exists(file)) throw new FileNotFoundException($"Model config not found: {file}", file);
        return Parse(File.ReadAllText(file), file);
    }

    /// <summary>Parses config.json text; <paramref name="source"/> names it in errors.</summary>
    public static ModelConfig Parse(string json, string source = "config.json")
    {
        JsonObject obj;
        try { obj = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: expected a JSON object"); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: not valid JSON: {e.Message}", e); }

        var modelType = obj["model_type"]?.GetValueKind() == JsonValueKind.String ? obj["model_type"]!.GetValue<string>() : null;
        ModelConfig config;
        try
        {
            config = modelType switch
            {
                "t5" or "mt5" => T5Config.FromJson(obj),
                "bloom" => BloomConfig.FromJson(obj),
                null => throw new InvalidDataException($"{source}: missing \"model_type\" (expected t5, mt5 or bloom)"),
                _ => throw new InvalidDataException($"{source}: model_type \"{modelType}\" is not supported (expected t5, mt5 or bloom)"),
            };
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: field {e.Path?.TrimStart('$', '.')} has the wrong type: {e.Message}", e);
        }
        config.Validate(source);
        return config;
    }

    /// <summary>
    /// The transformers release whose <c>save_pretrained</c> output config.json and generation_config.json follow
    /// (the version the fixtures under tests/TestData/models were written with); written as <c>transformers_version</c>.
    /// </summary>
    public const string TransformersVersion = "4.37.0.dev0";

    /// <summary>
    /// The keys transformers' config class of this family writes (its <c>__init__</c> attributes, and the common
    /// ones whose values differ from PretrainedConfig's defaults), without architectures/torch_dtype/version.
    /// </summary>
    protected abstract JsonObject HfFields();

    /// <summary>The generation defaults transformers derives from the model config (GenerationConfig.from_model_config).</summary>
    protected abstract JsonObject GenerationFields();

    /// <summary>
    /// config.json as transformers' save_pretrained writes it: <c>json.dumps(to_diff_dict(), indent=2, sort_keys=True)</c>
    /// with <c>architectures</c>, <c>torch_dtype</c> (the stored weights' dtype) and <c>transformers_version</c>.
    /// </summary>
    public string ToJson(string torchDtype = "float32")
    {
        var o = HfFields();
        o["architectures"] = new JsonArray(ArchitectureName);
        o["model_type"] = ModelType;
        o["torch_dtype"] = torchDtype;
        o["transformers_version"] = TransformersVersion;
        if (!TieWordEmbeddings) o["tie_word_embeddings"] = false; // PretrainedConfig's default is true
        return T0Sharp.Core.PythonJson.Dumps(o) + "\n";
    }

    /// <summary>generation_config.json as save_pretrained writes it for a model whose config carries no generation settings.</summary>
    public string GenerationConfigJson()
    {
        var o = GenerationFields();
        o["_from_model_config"] = true;
        o["transformers_version"] = TransformersVersion;
        return T0Sharp.Core.PythonJson.Dumps(o) + "\n";
    }

    /// <summary>Writes config.json and generation_config.json into <paramref name="dir"/> atomically.</summary>
    public void Save(string dir, string torchDtype = "float32")
    {
        T0Sharp.Core.AtomicFile.WriteAllText(Path.Combine(dir, "config.json"), ToJson(torchDtype));
        T0Sharp.Core.AtomicFile.WriteAllText(Path.Combine(dir, "generation_config.json"), GenerationConfigJson());
    }

    protected static void Require(bool ok, string source, string field, string message)
    {
        if (!ok) throw new InvalidDataException($"{source}: \"{field}\" {message}");
    }
}
