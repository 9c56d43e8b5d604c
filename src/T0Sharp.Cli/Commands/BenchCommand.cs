using System.CommandLine;
using T0Sharp.Benchmarks;

namespace T0Sharp.Cli.Commands;

/// <summary><c>t0sharp bench NAME [args...]</c>: runs one benchmark from the benchmarks project, or lists them.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Benchmark to run (omit to list them)", Arity = ArgumentArity.ZeroOrOne };
        var rest = new Argument<string[]>("args") { Description = "Arguments for the benchmark", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("bench", "Run a benchmark and print its figures") { name, rest };
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction(parse => CommandGuard.Run(() =>
        {
            var n = parse.GetValue(name);
            var extra = (parse.GetValue(rest) ?? []).Concat(parse.UnmatchedTokens).ToList();
            if (string.IsNullOrEmpty(n))
            {
                foreach (var b in BenchmarkRegistry.All) Console.WriteLine($"{b.Name,-12} {b.Description}");
                return 0;
            }
            var bench = BenchmarkRegistry.All.FirstOrDefault(b => b.Name == n);
            if (bench == null)
                throw new UserError($"unknown benchmark '{n}'. Known: {string.Join(", ", BenchmarkRegistry.All.Select(b => b.Name))}");
            return bench.Run(extra, Console.Out);
        }));
        return cmd;
    }
}
