using System.CommandLine;
using System.Text.Json.Nodes;
using T0Sharp.Core;
using T0Sharp.Models;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp score --model DIR --input IN.jsonl --output OUT.jsonl</c>: rank classification. Each input line is
/// <c>{"input_ids": [...], "targets": [[...], ...]}</c> or <c>{"input": "text", "targets": ["text", ...]}</c>; each output
/// line is <c>{"scores": [sum log p per target], "token_logprobs": [[...], ...]}</c>. Texts are encoded under the
/// EOS convention (<c>--eos-convention</c>, default per model family); ids are used as given. With <c>--adapter DIR</c>
/// the base model is adapted (loaded once) and each output line also carries <c>"task_id"</c> (N for Poly adapters,
/// else null); a Poly input line may carry its own <c>"task_id"</c>.
/// </summary>
public static class ScoreCommand
{
    public static Command Create()
    {
        var common = new ModelCommandSupport();
        var adapter = new AdapterOptions();
        var cmd = new Command("score", "Score candidate targets given each input (log-probabilities; targets continue the input for decoder-only models)");
        common.AddTo(cmd);
        adapter.AddTo(cmd);
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var inputPath = parse.GetValue(common.Input)!;
            var (model, tokenizer) = common.Load(parse);
            using var _ = model;
            using var attached = adapter.Attach(parse, model, tokenizer is null ? null : t => tokenizer.Encode(t));
            var eos = common.Convention(parse, model);
            var requests = new List<ScoreRequest>();
            foreach (var (line, obj) in ModelCommandSupport.ReadLines(inputPath))
            {
                var where = $"{inputPath}:{line}";
                var inputNode = obj["input_ids"] ?? obj["input"] ?? throw new InvalidDataException($"{where}: missing \"input_ids\" (or \"input\" text).");
                var input = ModelCommandSupport.Tokens(inputNode, where + " input", model, tokenizer, eos.Convention.EncodeInput);
                if (obj["targets"] is not JsonArray targets) throw new InvalidDataException($"{where}: missing \"targets\" array.");
                var ids = targets.Select((t, i) => (IReadOnlyList<int>)ModelCommandSupport.Tokens(t, $"{where} targets[{i}]", model, tokenizer, eos.Convention.EncodeTarget)).ToList();
                requests.Add(new ScoreRequest(input, ids, attached.ForLine(obj, where)));
            }
            var scored = new SequenceScorer(model).ScoreTargets(requests);
            var lines = scored.Select((perTarget, i) =>
            {
                var obj = new JsonObject
                {
                    ["scores"] = new JsonArray(perTarget.Select(t => (JsonNode)JsonValue.Create(t.Sum(x => (double)x))).ToArray()),
                    ["token_logprobs"] = new JsonArray(perTarget.Select(t => (JsonNode)new JsonArray(t.Select(x => (JsonNode)JsonValue.Create(x)).ToArray())).ToArray()),
                };
                if (attached.Any) obj["task_id"] = requests[i].Conditioning?.TaskId;
                return ModelCommandSupport.Json(obj);
            });
            AtomicFile.WriteAllLines(parse.GetValue(common.Output)!, lines.ToList());
            Console.Error.WriteLine($"scored {requests.Count} inputs, {requests.Sum(r => r.Targets.Count)} targets (texts encoded with EOS convention {eos.Convention.Name}: {eos.Reason})");
            return 0;
        }));
        return cmd;
    }
}
