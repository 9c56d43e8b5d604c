using System.CommandLine;

namespace T0Sharp.Cli.Commands;

// Placeholder until its issue lands: the owning area replaces this file.
public static class PromptsCommand
{
    public static Command Create()
    {
        var cmd = new Command("prompts", "List, validate and render promptsource templates (not yet available)");
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction(_ => { Console.Error.WriteLine("error: 't0sharp prompts' is not available in this build yet"); return 2; });
        return cmd;
    }
}
