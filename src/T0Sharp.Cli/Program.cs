using System.CommandLine;
using T0Sharp.Cli.Commands;

// t0sharp: one command for prompts, data, models, training, evaluation and the demo.
// Each area owns its command file under Commands/; this file only assembles them.
var root = new RootCommand("T0Sharp: multitask prompted training for zero-shot task generalization (T0) in .NET");
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(PromptsCommand.Create());
root.Subcommands.Add(TokenizeCommand.Create());
root.Subcommands.Add(DataCommand.Create());
root.Subcommands.Add(ScoreCommand.Create());
root.Subcommands.Add(GenerateCommand.Create());
root.Subcommands.Add(AdaptersCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(RetrieveCommand.Create());
root.Subcommands.Add(GenerateInstructionsCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return await root.Parse(args).InvokeAsync();
