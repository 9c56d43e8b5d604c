using System.CommandLine;
using T0Sharp.Core;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;
using T0Sharp.Models;
using T0Sharp.Retrieval;
using T0Sharp.Retrieval.Pool;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp retrieve --pool MIXTURE_OR_CACHE --query TASK_OR_FILE --model DIR --k N --out DIR</c>: DEFT's cross-task
/// nearest neighbours (see <see cref="Retriever"/>). Writes DIR/train.jsonl, which <c>t0sharp train</c> reads with
/// <c>--data.train_files=DIR/train.jsonl</c>.
/// </summary>
public static class RetrieveCommand
{
    public static Command Create()
    {
        var pool = new Option<string>("--pool") { Description = "Pool: a mixture name (t0_train, a task name), a mixture .yaml file, or a `data build` cache folder", Required = true };
        var query = new Option<string>("--query") { Description = "Queries: a task or mixture name (its records' inputs, labels unused) or a JSONL file with \"inputs\"", Required = true };
        var model = new Option<string>("--model") { Description = "T5-family model folder whose encoder embeds the texts", Required = true };
        var k = new Option<int>("--k") { Description = "Neighbours per query (DEFT: 500)", DefaultValueFactory = _ => 500 };
        var outDir = new Option<string>("--out") { Description = "Output folder (pool, embedding cache, index, train.jsonl, retrieval.json)", Required = true };
        var queries = new Option<int>("--queries") { Description = "Most query inputs (DEFT: 1000)", DefaultValueFactory = _ => 1000 };
        var index = new Option<string>("--index") { Description = "exact, hnsw (USearch), or auto: exact up to --exact-limit vectors", DefaultValueFactory = _ => "auto" };
        var exactLimit = new Option<int>("--exact-limit") { Description = "auto: largest pool searched exactly", DefaultValueFactory = _ => 100_000 };
        var maxPerTask = new Option<int>("--max-per-task") { Description = "Most pool examples per task (mixture pools)", DefaultValueFactory = _ => int.MaxValue };
        var maxTokens = new Option<int>("--max-input-tokens") { Description = "Texts are embedded from their first N tokens", DefaultValueFactory = _ => 512 };
        var data = new Option<string?>("--data") { Description = "Datasets folder (default: bundled assets/datasets)" };
        var templates = new Option<string?>("--templates") { Description = "promptsource templates folder (default: bundled P3 collection)" };
        var fallbacks = new Option<string>("--split-fallback") { Description = "Splits tried when a mixture's split is missing locally, e.g. validation,test", DefaultValueFactory = _ => "" };
        var tokenizerOpt = new Option<string?>("--tokenizer") { Description = "Tokenizer (default: the model folder's, else the bundled T5 one)" };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var random = new Option<bool>("--random-baseline") { Description = "Also write random.jsonl: as many pool examples drawn uniformly (DEFT's control)" };
        var cmd = new Command("retrieve", "DEFT: retrieve a task's cross-task nearest neighbours from a multitask pool and write them as training data")
        {
            pool, query, model, k, outDir, queries, index, exactLimit, maxPerTask, maxTokens, data, templates, fallbacks, tokenizerOpt, device, random,
        };
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var modelDir = parse.GetValue(model)!;
            if (!Directory.Exists(modelDir)) throw new DirectoryNotFoundException($"--model {modelDir}: no such folder");
            var indexKind = parse.GetValue(index)!;
            if (indexKind is not ("auto" or "exact" or "hnsw")) throw new ArgumentException($"--index '{indexKind}': use exact, hnsw or auto");
            var (tokenizer, tokenizerFile) = LoadTokenizer(parse.GetValue(tokenizerOpt), modelDir);
            var dataDir = new DatasetDirectory(parse.GetValue(data) ?? BuiltInAssets.Datasets);
            var promptsource = PromptCollectionProvider.Load(parse.GetValue(templates));
            var splitFallbacks = parse.GetValue(fallbacks)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var catalog = new MixtureCatalog(dataDir, promptsource, new MixtureBuildOptions { SplitFallbacks = splitFallbacks });
            Mixture Resolve(string name, string option)
            {
                try { return MixtureFile.IsFile(name) ? MixtureFile.Load(name, dataDir, promptsource, catalog.Resolve) : catalog.Resolve(name); }
                catch (KeyNotFoundException e) { throw new ArgumentException($"{option}: {e.Message}"); }
            }
            var poolSpec = parse.GetValue(pool)!;
            IEnumerable<PoolExample> poolExamples = Directory.Exists(poolSpec) && File.Exists(Path.Combine(poolSpec, "index.json"))
                ? PoolSource.FromCache(poolSpec, tokenizer, tokenizerFile)
                : PoolSource.FromMixture(Resolve(poolSpec, "--pool"), dataDir, parse.GetValue(maxPerTask));
            var querySpec = parse.GetValue(query)!;
            var max = parse.GetValue(queries);
            var queryInputs = File.Exists(querySpec) && !MixtureFile.IsFile(querySpec)
                ? PoolSource.QueriesFromFile(querySpec, max)
                : PoolSource.QueriesFromMixture(Resolve(querySpec, "--query"), dataDir, max);

            using var lm = PretrainedModel.Load(modelDir, ComputeSettings.ParseDevice(parse.GetValue(device)!));
            var retriever = new Retriever(lm, tokenizer, ModelKey(modelDir), m => Console.Error.WriteLine(m));
            var options = new RetrievalOptions(parse.GetValue(k), indexKind, parse.GetValue(maxTokens), ExactLimit: parse.GetValue(exactLimit), RandomBaseline: parse.GetValue(random));
            var report = retriever.Run(poolExamples, queryInputs, parse.GetValue(outDir)!, options);
            Console.WriteLine($"retrieved {report.Retrieved:N0} distinct examples for {report.Queries} queries (k={report.K}, {report.Index} index over {report.PoolSize:N0})" +
                              (report.RecallAtK is { } r ? $"; recall@{report.K} {r:P1}" : ""));
            foreach (var (task, n) in report.TaskMix.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Take(15))
                Console.WriteLine($"  {n,7:N0}  {task}  ({report.TaskHits[task]:N0} hits)");
            if (report.TaskMix.Count > 15) Console.WriteLine($"  ... {report.TaskMix.Count - 15} more tasks (see retrieval.json)");
            Console.WriteLine($"train on it: t0sharp train CONFIG --data.train_files={report.TrainFile}");
            return 0;
        }));
        return cmd;
    }

    /// <summary>The tokenizer and its file (<see cref="TokenizerDiscovery"/>: --tokenizer, the model folder's, $T0SHARP_TOKENIZER, the bundled T5 one).</summary>
    static (ITokenizer, string) LoadTokenizer(string? path, string modelDir)
    {
        var found = TokenizerDiscovery.Find(path, [modelDir], bundledFallback: true)!;
        return (found.Tokenizer, found.File);
    }

    /// <summary>Identifies the model in the embedding cache: its folder and the size and time of its files.</summary>
    static string ModelKey(string dir) =>
        Path.GetFullPath(dir) + "|" + string.Join(",", Directory.GetFiles(dir).Order(StringComparer.Ordinal)
            .Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) || f.EndsWith(".bin", StringComparison.Ordinal) || f.EndsWith("config.json", StringComparison.Ordinal))
            .Select(f => $"{Path.GetFileName(f)}:{new FileInfo(f).Length}:{File.GetLastWriteTimeUtc(f).Ticks}"));
}
