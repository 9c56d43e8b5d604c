using System.CommandLine;
using Spectre.Console;
using T0Sharp.Core;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Cli.Commands.Data;

/// <summary>Options shared by the data commands, and turning them into a catalog, a stream and a tokenizer.</summary>
internal sealed class DataOptions
{
    public readonly Option<string> Mixture = new("--mixture") { Description = "Mixture (t0_train, t0+_train, t0++_train, t0_train_one_og_prompt, t0_train_all_og_prompts, t0_eval_score_eval, t0_train_score_eval, bias_fairness_eval_score_eval, xp3, xp3mt, xp3all; 'data list' shows them) or a single task name" };
    public readonly Option<string?> Data = new("--data") { Description = "Datasets folder <dataset>[/<subset>]/<split>.{jsonl,parquet,csv,tsv} (default: the bundled slices)" };
    public readonly Option<string?> Templates = new("--templates") { Description = "promptsource templates folder (default: the bundled P3 collection)" };
    public readonly Option<string?> Tokenizer = new("--tokenizer") { Description = "spiece.model, tokenizer.json or model folder (default: $T0SHARP_TOKENIZER, else the bundled T5 tokenizer.json)" };
    public readonly Option<long> Seed = new("--seed") { Description = "Seed of the mixture sampling and of template randomness", DefaultValueFactory = _ => 0 };
    public readonly Option<string?> SplitFallback = new("--split-fallback") { Description = "Comma-separated splits to use when a dataset lacks the wanted one, e.g. validation,test (the bundled slices have no train splits)" };
    public readonly Option<bool> SkipBadRows = new("--skip-bad-rows") { Description = "Skip and count unreadable records instead of stopping at the first" };
    public readonly Option<double> Temperature = new("--temperature") { Description = "Mixing temperature: rates become rate^(1/T)", DefaultValueFactory = _ => 1.0 };
    public readonly Option<string[]> Rates = new("--rate") { Description = "Explicit rate for a task of the mixture, TASK=RATE (repeatable)", AllowMultipleArgumentsPerToken = false };
    public readonly Option<string> EosConvention = new("--eos-convention") { Description = "Where EOS goes when tokenizing: t-zero (default; inputs without, targets with, as T0 was trained), t-few (both) or lm-eval (inputs as the tokenizer does, targets without)", DefaultValueFactory = _ => T0Sharp.Data.Features.EosConvention.TrainingDefault.Name };
    public readonly Option<int> ShuffleBlock = new("--shuffle-block") { Description = "Records shuffled together per task (0: file order)", DefaultValueFactory = _ => 256 };

    public void AddTo(Command cmd, bool tokenizer = true)
    {
        cmd.Options.Add(Mixture); cmd.Options.Add(Data); cmd.Options.Add(Templates);
        if (tokenizer) { cmd.Options.Add(Tokenizer); cmd.Options.Add(EosConvention); }
        cmd.Options.Add(Seed); cmd.Options.Add(SplitFallback); cmd.Options.Add(SkipBadRows);
        cmd.Options.Add(Temperature); cmd.Options.Add(ShuffleBlock); cmd.Options.Add(Rates);
    }

    public MixtureCatalog Catalog(ParseResult p, out SourceOptions sources)
    {
        sources = new SourceOptions { SkipBadRows = p.GetValue(SkipBadRows) };
        var data = new DatasetDirectory(p.GetValue(Data) ?? BuiltInAssets.Datasets, sources);
        var templates = PromptCollectionProvider.Load(p.GetValue(Templates));
        var fallbacks = (p.GetValue(SplitFallback) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new MixtureCatalog(data, templates, new MixtureBuildOptions { SplitFallbacks = fallbacks });
    }

    public Mixture ResolveMixture(ParseResult p, MixtureCatalog catalog)
    {
        var name = p.GetValue(Mixture) ?? throw new UserError("--mixture NAME is required (a mixture such as t0_train or t0_eval_score_eval, or a task name; 'data list' shows the mixtures)");
        var m = catalog.Resolve(name);
        var explicitRates = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var spec in p.GetValue(Rates) ?? [])
        {
            int eq = spec.LastIndexOf('=');
            if (eq <= 0 || !double.TryParse(spec[(eq + 1)..], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r) || r < 0)
                throw new UserError($"--rate '{spec}': expected TASK=RATE with a non-negative number");
            var task = spec[..eq];
            if (m.Components.All(c => c.Task.Name != task))
                throw new UserError(T0Sharp.Data.Tasks.TaskNames.Unknown($"task of mixture {m.Name}", task, m.Components.Select(c => c.Task.Name)));
            explicitRates[task] = r;
        }
        if (explicitRates.Count > 0) m = m.WithRates(explicitRates);
        var t = p.GetValue(Temperature);
        return t == 1.0 ? m : m.WithTemperature(t);
    }

    /// <summary>The tokenizer from --tokenizer, else $T0SHARP_TOKENIZER, else the bundled T5 one (<see cref="TokenizerDiscovery"/>).</summary>
    public (ITokenizer Tokenizer, string Path) LoadTokenizer(ParseResult p)
    {
        var found = TokenizerDiscovery.Find(p.GetValue(Tokenizer), [], bundledFallback: true)!;
        return (found.Tokenizer, found.File);
    }

    /// <summary>The --eos-convention value.</summary>
    public T0Sharp.Data.Features.EosConvention Convention(ParseResult p) =>
        T0Sharp.Data.Features.EosConvention.TryParse(p.GetValue(EosConvention), out var c) ? c
            : throw new UserError($"--eos-convention '{p.GetValue(EosConvention)}': use t-zero, t-few or lm-eval");

    /// <summary>Prints mixture warnings (missing datasets, substituted splits) to stderr.</summary>
    public static void Warn(IEnumerable<string> warnings)
    {
        foreach (var w in warnings) Console.Error.WriteLine("warning: " + w);
    }
}

/// <summary>
/// A Spectre console over the current <see cref="Console.Out"/> (created per command, so redirection is honoured).
/// On a terminal it takes the terminal's width; when output goes to a pipe or file it never wraps (tables keep each
/// row on one line, so <c>t0sharp data list | grep NAME</c> finds whole names).
/// </summary>
internal static class Terminal
{
    /// <summary>The width used for redirected output: wide enough that no table row wraps.</summary>
    public const int UnwrappedWidth = 4096;

    static readonly TextWriter ProcessOut = Console.Out;

    /// <summary>True when <see cref="Console.Out"/> is this process's own stdout and that is a terminal.</summary>
    public static bool IsTerminal => !Console.IsOutputRedirected && ReferenceEquals(Console.Out, ProcessOut);

    public static IAnsiConsole Create(int? width = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        console.Profile.Width = width ?? (IsTerminal ? console.Profile.Width : UnwrappedWidth);
        return console;
    }
}
