using System.CommandLine;
using Spectre.Console;
using T0Sharp.Data.Cache;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Cli.Commands.Data;

/// <summary>
/// <c>t0sharp data inspect --mixture NAME [--data DIR] [--templates DIR] [--tokenizer PATH] [--n 3] [--no-rates]</c>:
/// the mixture's rates, then the first N rendered examples of its stream with token counts (when a tokenizer is
/// given). <c>t0sharp data inspect --cache DIR [--tokenizer PATH] [--n 3]</c>: a cache's index and first examples.
/// </summary>
internal static class DataInspectCommand
{
    public static Command Create()
    {
        var o = new DataOptions();
        var n = new Option<int>("--n") { Description = "Examples to show", DefaultValueFactory = _ => 3 };
        var cache = new Option<string?>("--cache") { Description = "Inspect a cache folder written by 'data build' instead of a mixture" };
        var noRates = new Option<bool>("--no-rates") { Description = "Do not print the per-task rates table" };
        var cmd = new Command("inspect", "Show a mixture's rates and rendered examples with token counts, or a cache's contents");
        o.AddTo(cmd);
        cmd.Options.Add(n); cmd.Options.Add(cache); cmd.Options.Add(noRates);
        cmd.SetAction(p => CommandGuard.Run(() =>
        {
            var console = Terminal.Create();
            var tok = o.LoadTokenizer(p);
            if (p.GetValue(cache) is { } dir) return InspectCache(dir, tok.Tokenizer, p.GetValue(n));
            var catalog = o.Catalog(p, out _);
            var mixture = o.ResolveMixture(p, catalog);
            DataOptions.Warn(mixture.Warnings);
            if (!p.GetValue(noRates)) DataListCommand.RatesTable(mixture, catalog);
            using var stream = new MixtureStream(mixture, catalog.Data, p.GetValue(o.Seed), p.GetValue(o.ShuffleBlock));
            DataOptions.Warn(stream.Warnings);
            var pipeline = new ExamplePipeline(stream, tok.Tokenizer, new PipelineOptions(ChunkSize: 16, DropUnlabeled: false, Eos: o.Convention(p)));
            foreach (var item in pipeline.Examples().Take(Math.Max(0, p.GetValue(n))))
            {
                var ex = item.Example!;
                var counts = item.Tokens is { } t ? $"{t.Inputs.Length} input / {t.Targets.Length} target tokens, EOS convention {pipeline.Convention.Name}" : "no tokenizer: pass --tokenizer for token counts";
                var panel = new Panel(new Rows(
                        new Markup("[bold]inputs[/]"), new Text(ex.Inputs),
                        new Markup("[bold]targets[/]"), new Text(ex.Targets),
                        new Markup("[bold]answer choices[/] " + Markup.Escape(ex.AnswerChoices == null ? "(none)" : string.Join(" ||| ", ex.AnswerChoices)))))
                    .Header($"draw {item.Draw}: {Markup.Escape(stream.Tasks[item.TaskIndex].Name)} ({counts})");
                console.Write(panel);
            }
            Console.WriteLine($"dropped so far by t-zero's filters: {pipeline.DroppedByTemplate}");
            return 0;
        }));
        return cmd;
    }

    static int InspectCache(string dir, ITokenizer? tokenizer, int n)
    {
        var console = Terminal.Create();
        var reader = new CacheReader(dir);
        var ix = reader.Index;
        Console.WriteLine($"cache {reader.Folder}: mixture {ix.Mixture}, seed {ix.Seed}, {ix.Examples:N0} examples, " +
            $"{ix.InputTokens:N0} input + {ix.TargetTokens:N0} target tokens (longest {ix.MaxInputLength}/{ix.MaxTargetLength}), " +
            $"tokenizer {ix.TokenizerFingerprint} ({ix.Tokenizer}), EOS convention {ix.EosConvention ?? "(not recorded)"}, built {ix.CreatedUtc:u}");
        var table = new Table().AddColumns("task", "examples", "input tokens", "target tokens");
        foreach (var t in ix.Tasks.Where(t => t.Examples > 0))
            table.AddRow(Markup.Escape(t.Name), t.Examples.ToString("N0"), t.InputTokens.ToString("N0"), t.TargetTokens.ToString("N0"));
        console.Write(table);
        foreach (var (draw, ex) in reader.Read().Take(Math.Max(0, n)))
        {
            string Show(int[] ids) => tokenizer?.Decode(ids) ?? "[" + string.Join(", ", ids) + "]";
            console.Write(new Panel(new Rows(new Markup("[bold]inputs[/]"), new Text(Show(ex.Inputs)), new Markup("[bold]targets[/]"), new Text(Show(ex.Targets))))
                .Header($"draw {draw}: {Markup.Escape(ix.Tasks[ex.TaskIndex].Name)} ({ex.Inputs.Length}/{ex.Targets.Length} tokens)"));
        }
        return 0;
    }
}
