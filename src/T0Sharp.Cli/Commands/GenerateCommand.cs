using System.CommandLine;
using System.Text.Json.Nodes;
using T0Sharp.Core;
using T0Sharp.Models;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp generate --model DIR --input IN.jsonl --output OUT.jsonl [--max-new-tokens N] [--num-beams K]
/// [--do-sample --temperature T --top-p P --seed S]</c>. Input lines <c>{"input_ids": [...]}</c> or <c>{"input": "text"}</c>;
/// output lines <c>{"ids": [...], "text": "..."}</c> with the new tokens only (text when the model folder has a tokenizer).
/// <c>--adapter DIR</c> applies a PEFT adapter to the base model (Poly: <c>--task-id</c>, <c>--task</c>,
/// <c>--average-skills</c> or a <c>"task_id"</c> per input line).
/// </summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var common = new ModelCommandSupport();
        var adapter = new AdapterOptions();
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Most tokens to generate per input", DefaultValueFactory = _ => 20 };
        var beams = new Option<int>("--num-beams") { Description = "Beam width (1 = greedy)", DefaultValueFactory = _ => 1 };
        var lengthPenalty = new Option<double>("--length-penalty") { Description = "Beam score = logprob / length ** this", DefaultValueFactory = _ => 1.0 };
        var earlyStopping = new Option<bool>("--early-stopping") { Description = "Stop beam search once num-beams hypotheses finished" };
        var sample = new Option<bool>("--do-sample") { Description = "Sample instead of greedy/beam search" };
        var temperature = new Option<double>("--temperature") { Description = "Sampling temperature", DefaultValueFactory = _ => 1.0 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling mass", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "Top-k filter when sampling (0 = off)", DefaultValueFactory = _ => 50 };
        var seed = new Option<long?>("--seed") { Description = "Sampling seed (reproducible runs)" };
        var cmd = new Command("generate", "Generate a continuation (BLOOM) or an output sequence (T5) for each input");
        common.AddTo(cmd);
        adapter.AddTo(cmd);
        foreach (var o in new Option[] { maxNew, beams, lengthPenalty, earlyStopping, sample, temperature, topP, topK, seed }) cmd.Options.Add(o);
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var options = new GenerationOptions
            {
                MaxNewTokens = parse.GetValue(maxNew), NumBeams = parse.GetValue(beams), LengthPenalty = parse.GetValue(lengthPenalty),
                EarlyStopping = parse.GetValue(earlyStopping), DoSample = parse.GetValue(sample), Temperature = parse.GetValue(temperature),
                TopP = parse.GetValue(topP), TopK = parse.GetValue(topK), Seed = parse.GetValue(seed),
            };
            options.Validate();
            var inputPath = parse.GetValue(common.Input)!;
            var (model, tokenizer) = common.Load(parse);
            using var _ = model;
            using var attached = adapter.Attach(parse, model, tokenizer is null ? null : t => tokenizer.Encode(t));
            var eos = common.Convention(parse, model);
            var prompts = new List<IReadOnlyList<int>>();
            var conditioning = new List<Models.Adaptation.ExampleConditioning?>();
            foreach (var (line, obj) in ModelCommandSupport.ReadLines(inputPath))
            {
                var where = $"{inputPath}:{line}";
                var node = obj["input_ids"] ?? obj["input"] ?? throw new InvalidDataException($"{where}: missing \"input_ids\" (or \"input\" text).");
                prompts.Add(ModelCommandSupport.Tokens(node, where + " input", model, tokenizer, eos.Convention.EncodeInput));
                conditioning.Add(attached.ForLine(obj, where));
            }
            var outputs = new Generator(model).Generate(prompts, options, conditioning.Any(c => c is not null) ? conditioning : null);
            var lines = outputs.Select(ids =>
            {
                var obj = new JsonObject { ["ids"] = new JsonArray(ids.Select(i => (JsonNode)JsonValue.Create(i)).ToArray()) };
                if (tokenizer is not null) obj["text"] = tokenizer.Decode(ids, skipSpecialTokens: true);
                return ModelCommandSupport.Json(obj);
            });
            AtomicFile.WriteAllLines(parse.GetValue(common.Output)!, lines.ToList());
            Console.Error.WriteLine($"generated for {prompts.Count} inputs");
            return 0;
        }));
        return cmd;
    }
}
