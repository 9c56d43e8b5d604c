using T0Sharp.Core;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using T0Sharp.Data.Features;
using T0Sharp.Data.Tokenization;
using T0Sharp.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// What <c>score</c> and <c>generate</c> share: the --model/--input/--output/--device/--dtype options, loading the
/// model (device and dtype chosen here, once) and its tokenizer when the folder has one, and reading JSON lines with
/// errors that name the file and line.
/// </summary>
internal sealed class ModelCommandSupport
{
    public readonly Option<string> Model = new("--model") { Description = "Model folder (config.json + weights, optional tokenizer)", Required = true };
    public readonly Option<string> Input = new("--input") { Description = "Input JSON lines file", Required = true };
    public readonly Option<string> Output = new("--output") { Description = "Output JSON lines file (written atomically)", Required = true };
    public readonly Option<string> Device = new("--device") { Description = "cpu (default) or cuda[:N] (needs a TorchSharp-cuda build)", DefaultValueFactory = _ => "cpu" };
    public readonly Option<string?> Eos = new("--eos-convention") { Description = "Where EOS goes on text inputs and targets: t-zero (inputs without, targets with; default for T5-family models), t-few (both; default for Flan-T5), lm-eval (default for BLOOM)" };
    public readonly Option<string?> Tokenizer = new("--tokenizer") { Description = "Tokenizer for text inputs: spiece.model, tokenizer.json or a folder (default: the model folder's, else $T0SHARP_TOKENIZER; none: token ids only)" };
    public readonly Option<string> Dtype = new("--dtype") { Description = "Compute dtype: float32 (default), bfloat16, float16 (BLOOM only)", DefaultValueFactory = _ => "float32" };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Model);
        cmd.Options.Add(Input);
        cmd.Options.Add(Output);
        cmd.Options.Add(Device);
        cmd.Options.Add(Dtype);
        cmd.Options.Add(Tokenizer);
        cmd.Options.Add(Eos);
    }

    /// <summary>The EOS convention for text inputs: --eos-convention, else the model folder's family default.</summary>
    public EosConventionChoice Convention(ParseResult parse, ILanguageModel model)
    {
        if (parse.GetValue(Eos) is { } name)
            return EosConvention.TryParse(name, out var c) ? new(c, "given with --eos-convention")
                : throw new ArgumentException($"--eos-convention '{name}': use t-zero, t-few or lm-eval.");
        return EosConventionDefaults.ForModelFolder(model.IsEncoderDecoder, parse.GetValue(Model)!);
    }

    public (ILanguageModel model, ITokenizer? tokenizer) Load(ParseResult parse)
    {
        var dir = parse.GetValue(Model)!;
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"--model {dir}: no such folder.");
        var device = ComputeSettings.ParseDevice(parse.GetValue(Device)!);
        var dtype = ComputeSettings.ParseDtype(parse.GetValue(Dtype)!);
        var model = PretrainedModel.Load(dir, device, dtype);
        ITokenizer? tokenizer;
        try { tokenizer = TokenizerDiscovery.Find(parse.GetValue(Tokenizer), [dir], bundledFallback: false)?.Tokenizer; }
        catch { model.Dispose(); throw; }
        if (tokenizer is not null && tokenizer.VocabSize > model.Config.VocabSize)
        {
            model.Dispose();
            throw new UserError($"the tokenizer has {tokenizer.VocabSize} ids but {dir}/config.json has vocab_size {model.Config.VocabSize}: wrong --tokenizer?");
        }
        return (model, tokenizer);
    }

    /// <summary>Non-empty lines of the input as JSON objects with their 1-based line numbers.</summary>
    public static IEnumerable<(int line, JsonObject obj)> ReadLines(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--input {path}: no such file.", path);
        foreach (var (n, raw) in Utf8Lines.Read(path))
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(raw); }
            catch (JsonException e) { throw new InvalidDataException($"{path}:{n}: not valid JSON: {e.Message}"); }
            if (node is not JsonObject obj) throw new InvalidDataException($"{path}:{n}: expected a JSON object.");
            yield return (n, obj);
        }
    }

    /// <summary>An array of token ids, checked against the vocabulary.</summary>
    public static int[] Ids(JsonNode? node, string where, int vocab)
    {
        if (node is not JsonArray arr) throw new InvalidDataException($"{where}: expected an array of token ids.");
        var ids = new int[arr.Count];
        for (int i = 0; i < arr.Count; i++)
        {
            if (arr[i] is not JsonValue v || !v.TryGetValue<int>(out var id))
                throw new InvalidDataException($"{where}[{i}]: expected an integer token id.");
            if (id < 0 || id >= vocab) throw new InvalidDataException($"{where}[{i}]: token id {id} is outside the model's vocabulary (0..{vocab - 1}).");
            ids[i] = id;
        }
        return ids;
    }

    /// <summary>
    /// Token ids from ids (used as given) or text ("input_ids" vs "input"); text needs the model folder's tokenizer and is
    /// encoded by <paramref name="encode"/> (the EOS convention's input or target side).
    /// </summary>
    public static int[] Tokens(JsonNode? node, string where, ILanguageModel model, ITokenizer? tokenizer, Func<ITokenizer, string, int[]> encode)
    {
        if (node is JsonArray) return Ids(node, where, model.Config.VocabSize);
        if (node is JsonValue v && v.TryGetValue<string>(out var text))
        {
            if (tokenizer is null) throw new InvalidDataException($"{where}: text needs a tokenizer: --tokenizer PATH, or tokenizer.json / spiece.model in the model folder; or give token ids.");
            return encode(tokenizer, text);
        }
        throw new InvalidDataException($"{where}: expected token ids or a string.");
    }

    public static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
