using System.CommandLine;
using Spectre.Console;
using T0Sharp.Data.Cache;
using T0Sharp.Data.Mixtures;

namespace T0Sharp.Cli.Commands.Data;

/// <summary>
/// <c>t0sharp data build --mixture NAME --data DIR --out CACHE [--max-examples N] [--templates DIR] [--tokenizer PATH]</c>:
/// renders and tokenizes a mixture into a cache folder (Arrow IPC + index.json), atomically.
/// </summary>
internal static class DataBuildCommand
{
    public static Command Create()
    {
        var o = new DataOptions();
        var output = new Option<string>("--out") { Description = "Cache folder to write (replaced atomically when it already holds a cache)", Required = true };
        var max = new Option<long?>("--max-examples") { Description = "Examples to write (default: Σ over tasks of min(local records, rate))" };
        var threads = new Option<int>("--threads") { Description = "Rendering/tokenizing threads (output is identical for any value)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var cmd = new Command("build", "Render and tokenize a mixture into a cache folder");
        o.AddTo(cmd);
        cmd.Options.Add(output); cmd.Options.Add(max); cmd.Options.Add(threads);
        cmd.SetAction(p => CommandGuard.Run(() =>
        {
            var catalog = o.Catalog(p, out var sources);
            var mixture = o.ResolveMixture(p, catalog);
            DataOptions.Warn(mixture.Warnings);
            var (tokenizer, tokPath) = o.LoadTokenizer(p);
            using var stream = new MixtureStream(mixture, catalog.Data, p.GetValue(o.Seed), p.GetValue(o.ShuffleBlock));
            DataOptions.Warn(stream.Warnings);
            long n = p.GetValue(max) ?? DefaultExamples(stream, mixture, catalog);
            var pipeline = new ExamplePipeline(stream, tokenizer, new PipelineOptions(Math.Max(1, p.GetValue(threads)), Eos: o.Convention(p)));
            var info = new CacheBuildInfo(catalog.Data.Root, p.GetValue(o.Templates) ?? "(bundled)", tokPath, TokenizerFingerprint.Of(tokenizer, tokPath));
            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
            var outDir = p.GetValue(output)!;
            CacheIndex? index = null;
            Terminal.Create().Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask($"{mixture.Name}: {stream.Tasks.Count} tasks", maxValue: n);
                    index = MixtureCacheBuilder.Build(pipeline, outDir, n, info, done => task.Value = done, cancel.Token);
                    task.Value = n;
                });
            if (sources.BadRows.Count > 0)
                Console.Error.WriteLine($"warning: skipped {sources.BadRows.Count} unreadable record(s), e.g. {string.Join("; ", sources.BadRows.Examples.Take(3))}");
            var empty = index!.Tasks.Where(t => t.Examples == 0).Select(t => t.Name).ToList();
            if (empty.Count > 0)
                Console.Error.WriteLine($"warning: {empty.Count} task(s) yielded no example (every draw dropped by t-zero's filters: the template rendered no " +
                    $"prompt/target pair for the records drawn, e.g. it applies to some labels only or expects other field names): {string.Join(", ", empty.Take(20))}{(empty.Count > 20 ? ", ..." : "")}");
            Console.WriteLine($"wrote {index!.Examples:N0} examples ({index.InputTokens:N0} input + {index.TargetTokens:N0} target tokens) from " +
                $"{index.Tasks.Count(t => t.Examples > 0)} tasks to {Path.GetFullPath(outDir)} (EOS convention {index.EosConvention}); {index.Dropped:N0} draws dropped by t-zero's filters");
            return 0;
        }));
        return cmd;
    }

    /// <summary>One pass over the local data, each task capped at its rate.</summary>
    static long DefaultExamples(MixtureStream stream, Mixture mixture, MixtureCatalog catalog)
    {
        var rates = mixture.Components.ToDictionary(c => c.Task.Name, c => c.Rate);
        long total = 0;
        foreach (var t in stream.Tasks)
            total += (long)Math.Min(catalog.Data.CountRows(t.Dataset, t.Subset, t.Split), Math.Max(1, rates[t.Name]));
        return Math.Max(1, total);
    }
}
