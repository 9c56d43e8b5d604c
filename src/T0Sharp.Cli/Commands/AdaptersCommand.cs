using System.CommandLine;
using T0Sharp.Data.Tokenization;
using T0Sharp.Training.Checkpoints;
using T0Sharp.Models;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Peft;
using T0Sharp.Peft.Checkpoints;
using T0Sharp.Peft.Config;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp adapters info DIR</c>: method, targets and trainable parameters of a PEFT adapter folder (no model needed).
/// <c>t0sharp adapters merge --model BASE --adapter DIR --out DIR2</c>: folds a LoRA or (IA)^3 adapter (and its
/// modules_to_save) into the base weights and writes a complete Hugging Face checkpoint (config.json, safetensors, the
/// base folder's tokenizer and generation files), built in a temporary folder and renamed into place.
/// <c>t0sharp adapters init --model BASE --config PEFT.json --out DIR [--seed N]</c>: a freshly initialised adapter
/// folder from PEFT fields (PEFT's init options decide whether it starts as an identity).
/// </summary>
public static class AdaptersCommand
{
    public static Command Create()
    {
        var cmd = new Command("adapters", "Inspect PEFT adapter folders and merge LoRA / (IA)^3 adapters into full checkpoints");
        cmd.Subcommands.Add(Info());
        cmd.Subcommands.Add(Merge());
        cmd.Subcommands.Add(Init());
        return cmd;
    }

    static Command Info()
    {
        var dir = new Argument<string>("DIR") { Description = "Adapter folder: PEFT (adapter_config.json + adapter_model.safetensors) or modular (modular_config.json + modular_model.safetensors)" };
        var cmd = new Command("info", "Print an adapter's method, targets and trainable parameter count") { dir };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var path = parse.GetValue(dir)!;
            if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path}: no such adapter folder");
            if (T0Sharp.Modular.ModularFolder.IsModular(path)) return ModularInfo(path);
            var config = PeftConfig.Load(path);
            var weights = AdapterCheckpoint.WeightsPath(path);
            using var file = CheckpointReader.Open(weights);
            var count = file.Tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));
            Console.WriteLine($"method: {PeftMethods.For(config).Name} (peft_type {config.PeftType}, task_type {config.TaskType ?? "unset"})");
            Console.WriteLine($"base model: {config.BaseModelNameOrPath ?? "unset"}");
            foreach (var line in Details(config)) Console.WriteLine(line);
            Console.WriteLine($"trainable parameters: {count:N0} in {file.Tensors.Count} tensors ({Path.GetFileName(weights)}, {string.Join("/", file.Tensors.Select(t => t.DType).Distinct())})");
            if (TaskNamesFile.Read(path) is { } tasks) Console.WriteLine($"tasks ({tasks.Count}): {string.Join(", ", tasks)}");
            foreach (var note in config.Notes) Console.WriteLine("note: " + note);
            return 0;
        }));
        return cmd;
    }

    /// <summary>A modular method's folder (docs/modular.md): method, conditioning, settings, tensors, tasks and their instructions.</summary>
    static int ModularInfo(string path)
    {
        var c = T0Sharp.Modular.ModularFolder.ReadConfig(path);
        using var file = CheckpointReader.Open(Path.Combine(path, T0Sharp.Modular.ModularFolder.WeightsFile));
        var count = file.Tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b));
        Console.WriteLine($"method: modular {c.Method}; conditions on {string.Join(", ", T0Sharp.Modular.Contract.ConditioningKindNames.ToNames(c.ConditionsOn).DefaultIfEmpty("nothing"))}");
        Console.WriteLine($"base model: {c.BaseModel.ToJsonString()}");
        Console.WriteLine($"settings: {c.Hyperparameters.ToJsonString()}");
        Console.WriteLine($"parameters: {count:N0} in {file.Tensors.Count} tensors ({T0Sharp.Modular.ModularFolder.WeightsFile})");
        Console.WriteLine($"tasks ({c.Tasks.Count}):");
        foreach (var t in c.Tasks.Tasks) Console.WriteLine($"  {t.Name}: \"{t.Instruction}\"");
        return 0;
    }

    static IEnumerable<string> Details(PeftConfig config)
    {
        string Targets(TargetSpec? t) => t?.ToString() ?? "the base model's defaults";
        switch (config)
        {
            case LoraConfig c:
                yield return $"targets: {Targets(c.TargetModules)}";
                yield return $"r {c.R}, lora_alpha {c.LoraAlpha}, scale {(c.UseRslora ? "alpha/sqrt(r)" : "alpha/r")}, dropout {c.LoraDropout}" +
                    (c.RankPattern.Count + c.AlphaPattern.Count > 0 ? ", with rank/alpha patterns" : "");
                break;
            case Ia3Config c:
                yield return $"targets: {Targets(c.TargetModules)}; scaling their input (feed-forward): {Targets(c.FeedforwardModules)}";
                break;
            case PolyConfig c:
                yield return $"targets: {Targets(c.TargetModules)}";
                yield return $"r {c.R}, {c.NTasks} tasks, {c.NSkills} skills, {c.NSplits} splits" + (c.NSplits > 1 ? " (Poly-S / MHR)" : "");
                break;
            case PrefixTuningConfig c:
                yield return $"{c.NumVirtualTokens} virtual tokens; keys/values of {c.NumLayers} layers × {c.NumAttentionHeads} heads × {c.TokenDim / c.NumAttentionHeads} wide" +
                    (c.EncoderPrefix ? "; also the T5 encoder (T0Sharp only)" : "");
                break;
            case CompacterConfig c:
                yield return $"{c.Variant} (placement {c.Placement}); targets: {Targets(c.TargetModules)}";
                yield return $"reduction factor {c.ReductionFactor}, {c.NonLinearity}, phm_dim {c.PhmDim}, " +
                    (c.FactorizedPhm ? $"fast weights rank {c.PhmRank}" : "full fast weights") + (c.SharedPhmRule ? ", one shared rule" : ", a rule per PHM layer");
                break;
            case BottleneckConfig c:
                yield return $"placement {c.Placement}; targets: {Targets(c.TargetModules)}";
                yield return $"reduction factor {c.ReductionFactor}, {c.NonLinearity}, init {c.InitWeights}";
                break;
            case PromptTuningConfig c:
                yield return $"{c.NumVirtualTokens} virtual tokens of width {c.TokenDim} ({c.Submodules} × {c.NumVirtualTokens} rows stored), init {c.PromptTuningInit}";
                break;
        }
        if (config is ILayerAdapterConfig { ModulesToSave: { Count: > 0 } m }) yield return $"modules_to_save: {string.Join(", ", m)}";
    }

    static Command Merge()
    {
        var model = new Option<string>("--model") { Description = "Base model folder the adapter was trained on", Required = true };
        var adapter = new Option<string>("--adapter") { Description = "LoRA or (IA)^3 adapter folder", Required = true };
        var output = new Option<string>("--out") { Description = "New folder for the merged checkpoint (must not exist)", Required = true };
        var dtype = new Option<string?>("--save-dtype") { Description = "Store the merged weights as float32 (default), bfloat16 or float16" };
        var cmd = new Command("merge", "Merge a LoRA or (IA)^3 adapter into its base model and write a full Hugging Face checkpoint") { model, adapter, output, dtype };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var (baseDir, adapterDir, outDir) = (parse.GetValue(model)!, parse.GetValue(adapter)!, parse.GetValue(output)!);
            if (!Directory.Exists(baseDir)) throw new DirectoryNotFoundException($"--model {baseDir}: no such folder");
            if (!Directory.Exists(adapterDir)) throw new DirectoryNotFoundException($"--adapter {adapterDir}: no such folder");
            if (Directory.Exists(outDir) || File.Exists(outDir)) throw new ArgumentException($"--out {outDir}: already exists; give a new folder");
            var saveType = parse.GetValue(dtype) is { } d ? ComputeSettings.ParseStorageDtype(d) : (TensorDType?)null;
            var config = PeftConfig.Load(adapterDir);
            if (config is not (LoraConfig or Ia3Config))
                throw new ArgumentException($"--adapter {adapterDir} is {config.PeftType}: only LoRA and (IA)^3 adapters merge into the base weights");
            using var lm = PretrainedModel.Load(baseDir);
            using var peft = PeftSetup.LoadAdapter(lm, adapterDir);
            foreach (var note in peft.Notes) Console.Error.WriteLine("note: " + note);
            peft.Merge();
            var parent = Path.GetDirectoryName(Path.GetFullPath(outDir))!;
            Directory.CreateDirectory(parent);
            var temp = Path.Combine(parent, $".{Path.GetFileName(Path.GetFullPath(outDir))}.tmp-{Environment.ProcessId}");
            try
            {
                Directory.CreateDirectory(temp);
                // The base's tokenizer (when it has one) goes with the merged weights, so the folder is complete.
                var hasTokenizer = TokenizerFiles.Names.Take(2).Any(n => File.Exists(Path.Combine(baseDir, n)));
                var tokenizer = hasTokenizer ? TokenizerLoader.Load(baseDir) : null;
                HfCheckpointFolder.Save(lm, temp, tokenizer, hasTokenizer ? baseDir : null, saveType);
                Directory.Move(temp, outDir);
            }
            finally
            {
                if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            }
            Console.Error.WriteLine($"merged {peft.Description} into {baseDir}: wrote {outDir}");
            return 0;
        }));
        return cmd;
    }

    static Command Init()
    {
        var model = new Option<string>("--model") { Description = "Base model folder", Required = true };
        var config = new Option<string>("--config") { Description = "JSON file of PEFT adapter_config.json fields (peft_type required)", Required = true };
        var output = new Option<string>("--out") { Description = "New adapter folder (must not exist)", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed of the initialisation", DefaultValueFactory = _ => 0 };
        var cmd = new Command("init", "Write a freshly initialised PEFT adapter for a base model") { model, config, output, seed };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var (baseDir, configPath, outDir) = (parse.GetValue(model)!, parse.GetValue(config)!, parse.GetValue(output)!);
            if (!Directory.Exists(baseDir)) throw new DirectoryNotFoundException($"--model {baseDir}: no such folder");
            if (!File.Exists(configPath)) throw new FileNotFoundException($"--config {configPath}: no such file", configPath);
            if (Directory.Exists(outDir) || File.Exists(outDir)) throw new ArgumentException($"--out {outDir}: already exists; give a new folder");
            var fields = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(configPath)) as System.Text.Json.Nodes.JsonObject
                ?? throw new InvalidDataException($"{configPath}: expected a JSON object of PEFT fields");
            var peftConfig = PeftSetup.ParseConfig(fields, configPath);
            using var lm = PretrainedModel.Load(baseDir);
            using var peft = PeftSetup.Apply(lm, peftConfig, new PeftApplyOptions(parse.GetValue(seed), BaseModelPath: baseDir));
            foreach (var note in peft.Notes) Console.Error.WriteLine("note: " + note);
            peft.Save(outDir);
            Console.Error.WriteLine($"wrote {outDir}: {peft.Description}");
            return 0;
        }));
        return cmd;
    }
}
