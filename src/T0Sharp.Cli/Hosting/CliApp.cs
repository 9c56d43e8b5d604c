using System.CommandLine;
using System.CommandLine.Invocation;
using T0Sharp.Cli.Commands;

namespace T0Sharp.Cli.Hosting;

/// <summary>
/// The t0sharp command line: assembles the commands (each area owns its file under Commands/), turns
/// System.CommandLine's parse errors into <c>error: ...</c> lines with exit code 2, and runs the chosen command.
/// Tests call <see cref="Run"/> in-process.
/// </summary>
public static class CliApp
{
    public static RootCommand Create()
    {
        var root = new RootCommand("T0Sharp: multitask prompted training for zero-shot task generalization (T0) in .NET");
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(PromptsCommand.Create());
        root.Subcommands.Add(TokenizeCommand.Create());
        root.Subcommands.Add(TokenizerCommand.Create());
        root.Subcommands.Add(DataCommand.Create());
        root.Subcommands.Add(ScoreCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(AdaptersCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(ModularCommand.Create());
        root.Subcommands.Add(RetrieveCommand.Create());
        root.Subcommands.Add(GenerateInstructionsCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        TrainHelp.Install(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (README.md, "Exit codes").</summary>
    public static int Run(string[] args)
    {
        var root = Create();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            foreach (var e in parse.Errors) Console.Error.WriteLine("error: " + e.Message);
            var command = string.Join(' ', parse.CommandResult.Command is RootCommand ? ["t0sharp"] : CommandPath(parse.CommandResult.Command));
            Console.Error.WriteLine($"(see '{command} --help')");
            return CommandGuard.BadInput;
        }
        return CommandGuard.Run(() => parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }

    static IEnumerable<string> CommandPath(Command c)
    {
        var names = new List<string>();
        for (Symbol? s = c; s is Command cmd; s = cmd.Parents.FirstOrDefault())
            names.Insert(0, s is RootCommand ? "t0sharp" : cmd.Name);
        if (names.Count == 0 || names[0] != "t0sharp") names.Insert(0, "t0sharp");
        return names;
    }
}
