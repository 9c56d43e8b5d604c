using System.CommandLine;
using T0Sharp.Cli.Commands.Data;

namespace T0Sharp.Cli.Commands;

/// <summary><c>t0sharp data build|inspect|list</c>: prompted mixtures from local datasets, tokenized caches.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var cmd = new Command("data", "Build and inspect prompted training mixtures (T0, T0+, T0++, held-out eval)");
        cmd.Subcommands.Add(DataBuildCommand.Create());
        cmd.Subcommands.Add(DataInspectCommand.Create());
        cmd.Subcommands.Add(DataListCommand.Create());
        return cmd;
    }
}
