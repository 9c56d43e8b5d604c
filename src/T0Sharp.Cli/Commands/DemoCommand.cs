using System.CommandLine;

namespace T0Sharp.Cli.Commands;

// Placeholder until its issue lands: the owning area replaces this file.
public static class DemoCommand
{
    public static Command Create()
    {
        var cmd = new Command("demo", "Run the whole system in miniature (issue 7) (not yet available)");
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction(_ => { Console.Error.WriteLine("error: 't0sharp demo' is not available in this build yet"); return 2; });
        return cmd;
    }
}
