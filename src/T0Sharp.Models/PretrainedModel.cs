using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Bloom;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Models.Loading;
using T0Sharp.Models.T5;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// Loads, creates and saves models in Hugging Face layout (config.json + weights). The device and compute dtype are
/// chosen here, once, by the caller (the CLI's --device/--dtype) and everything downstream follows the model.
/// </summary>
public static class PretrainedModel
{
    /// <summary>
    /// Loads a Hugging Face model folder: config.json and model.safetensors / sharded safetensors / pytorch_model.bin.
    /// Stored fp16/bf16 weights are upcast to fp32 exactly; <paramref name="computeDtype"/> (default fp32) then converts.
    /// </summary>
    public static ILanguageModel Load(string dir, Device? device = null, ScalarType? computeDtype = null)
    {
        var config = ModelConfig.Load(dir);
        CheckComputeDtype(config, computeDtype);
        var model = Build(config);
        try
        {
            using var checkpoint = CheckpointReader.Open(dir);
            LoadWeights(model, checkpoint);
            MoveTo(model, device, computeDtype);
            model.Module.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>A randomly initialised model (Hugging Face's initialisation) for the given config.</summary>
    public static ILanguageModel Create(ModelConfig config, Device? device = null, long? seed = null)
    {
        config.Validate("config");
        var model = Build(config);
        WeightInit.Apply(model, seed);
        MoveTo(model, device, null);
        return model;
    }

    /// <summary>
    /// Writes config.json, generation_config.json and model.safetensors (sharded past <paramref name="maxShardBytes"/>) with Hugging Face's
    /// key set — tied aliases omitted as save_pretrained does — so that transformers' from_pretrained loads the folder.
    /// Weights are saved in the model's dtype unless <paramref name="dtype"/> converts them. Only the base model's own
    /// tensors are written: adapters are saved by their own format (an adapted model saved here is its base).
    /// </summary>
    public static void Save(ILanguageModel model, string dir, TensorDType? dtype = null, long? maxShardBytes = null)
    {
        using var scope = NewDisposeScope();
        var adapterPrefixes = AdaptationPoints.AdapterPrefixes(model);
        var tensors = model.Module.state_dict()
            .Where(kv => !AdaptationPoints.IsAdapterTensor(kv.Key, adapterPrefixes))
            .Select(kv => (kv.Key, kv.Value.detach().cpu().contiguous()))
            .ToList();
        CheckpointWriter.Save(dir, tensors, dtype, maxShardBytes);
        // torch_dtype names what the floating weights are stored as, as save_pretrained records it.
        var stored = dtype ?? tensors.Select(t => TensorDTypes.FromScalarType(t.Item2.dtype)).FirstOrDefault(d => d?.IsFloatingPoint() == true);
        model.Config.Save(dir, (stored ?? TensorDType.Float32).TorchName());
    }

    /// <summary>Refuses compute dtypes a family cannot run in, with the reason.</summary>
    public static void CheckComputeDtype(ModelConfig config, ScalarType? dtype)
    {
        if (dtype is null or ScalarType.Float32 or ScalarType.BFloat16) return;
        if (dtype == ScalarType.Float16 && config is T5Config)
            throw new NotSupportedException("T5-family models cannot compute in float16: their activations exceed float16's range " +
                "(max 65504) and overflow to inf/NaN, because T5 was trained in bfloat16. Use --dtype bfloat16 or float32.");
        if (dtype != ScalarType.Float16)
            throw new NotSupportedException($"Compute dtype {dtype} is not supported; use float32, bfloat16 or float16.");
    }

    static ILanguageModel Build(ModelConfig config) => config switch
    {
        T5Config t5 => new T5ForConditionalGeneration(t5),
        BloomConfig bloom => new BloomForCausalLM(bloom),
        _ => throw new NotSupportedException($"No model for config {config.GetType().Name}"),
    };

    static void LoadWeights(ILanguageModel model, Checkpoint checkpoint)
    {
        using var _ = no_grad();
        var parameters = AdaptationPoints.BaseParameters(model).ToDictionary(p => p.Name, p => p.Parameter, StringComparer.Ordinal);
        var map = WeightNames.Resolve(parameters.Keys, checkpoint.Names, model.Config, checkpoint.Location);
        foreach (var (name, target) in parameters)
        {
            var source = map[name];
            var info = checkpoint.Info(source);
            if (!info.Shape.SequenceEqual(target.shape))
                throw new InvalidDataException($"{info.FilePath}: tensor '{source}' has shape [{string.Join(", ", info.Shape)}] " +
                    $"but the config needs [{string.Join(", ", target.shape)}] for {name}. Is config.json the one that belongs to these weights?");
            checkpoint.LoadInto(source, target); // straight from the file into the parameter: ~1x the model's memory
        }
    }

    static void MoveTo(ILanguageModel model, Device? device, ScalarType? dtype)
    {
        if (device is not null && device.type != DeviceType.CPU) model.Module.to(device);
        if (dtype is { } d && d != ScalarType.Float32) model.Module.to(d);
    }
}
