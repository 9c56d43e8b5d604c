using System.CommandLine;
using T0Sharp.Core;
using T0Sharp.Data.Tokenization;
using T0Sharp.Generation;
using T0Sharp.Models;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp generate-instructions --model DIR --seeds SEEDS.jsonl --n N --out OUT.jsonl [--paraphrase]</c>:
/// Unnatural Instructions' data generation (see <see cref="InstructionGenerator"/>). Exit code 1 when no example
/// survived the filters (the file is still written, empty, with the counts printed).
/// </summary>
public static class GenerateInstructionsCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (T5 or BLOOM family)", Required = true };
        var seeds = new Option<string>("--seeds") { Description = "Seed demonstrations: JSON lines with instruction, input, constraints", Required = true };
        var n = new Option<int>("--n") { Description = "Examples to generate (kept after filtering)", Required = true };
        var output = new Option<string>("--out") { Description = "Dataset to write (JSON lines; train reads it with --data.train_files)", Required = true };
        var paraphrase = new Option<bool>("--paraphrase") { Description = "Add a greedy paraphrase of each kept instruction (same input and output)" };
        var seed = new Option<long>("--seed") { Description = "Seed of the demonstration draws and the sampling", DefaultValueFactory = _ => 0 };
        var attempts = new Option<int?>("--max-attempts") { Description = "Prompts tried at most (default 4 × n)" };
        var demos = new Option<int>("--demonstrations") { Description = "Seed demonstrations per prompt", DefaultValueFactory = _ => 3 };
        var topP = new Option<double>("--top-p") { Description = "Nucleus sampling mass for the generated examples", DefaultValueFactory = _ => 0.99 };
        var exampleTokens = new Option<int>("--max-example-tokens") { Description = "Most new tokens of a generated example", DefaultValueFactory = _ => 128 };
        var outputTokens = new Option<int>("--max-output-tokens") { Description = "Most new tokens of a generated output", DefaultValueFactory = _ => 64 };
        var tokenizerOpt = new Option<string?>("--tokenizer") { Description = "Tokenizer (default: the model folder's, else the bundled T5 one)" };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var cmd = new Command("generate-instructions", "Unnatural Instructions: generate instruction / input / output examples with a model from seed demonstrations")
        {
            model, seeds, n, output, paraphrase, seed, attempts, demos, topP, exampleTokens, outputTokens, tokenizerOpt, device,
        };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var count = parse.GetValue(n);
            if (count < 1) throw new ArgumentException("--n must be at least 1");
            var seedList = InstructionExample.ReadSeeds(parse.GetValue(seeds)!);
            var modelDir = parse.GetValue(model)!;
            if (!Directory.Exists(modelDir)) throw new DirectoryNotFoundException($"--model {modelDir}: no such folder");
            var tokenizer = TokenizerDiscovery.Find(parse.GetValue(tokenizerOpt), [modelDir], bundledFallback: true)!.Tokenizer;
            using var lm = PretrainedModel.Load(modelDir, ComputeSettings.ParseDevice(parse.GetValue(device)!));
            var completer = new ModelCompleter(lm, tokenizer) { TopP = parse.GetValue(topP) };
            var settings = new GenerationSettings(count, parse.GetValue(seed), parse.GetValue(demos), parse.GetValue(attempts),
                parse.GetValue(exampleTokens), parse.GetValue(outputTokens), parse.GetValue(paraphrase));
            var (kept, paraphrases, stats) = new InstructionGenerator(completer, m => Console.Error.WriteLine(m)).Run(seedList, settings);
            var outPath = parse.GetValue(output)!;
            InstructionGenerator.Write(outPath, kept, paraphrases);
            Console.WriteLine($"{stats.Kept} example(s) and {stats.Paraphrases} paraphrase(s) written to {outPath} from {stats.Attempts} prompts " +
                              $"(dropped: {stats.ParseFailures} unparseable, {stats.Duplicates} duplicates, {stats.EmptyOutputs} empty outputs, {stats.CopiedOutputs} outputs copied from the input)");
            return stats.Kept > 0 ? 0 : 1;
        }));
        return cmd;
    }
}
