using System.CommandLine;

namespace T0Sharp.Cli.Commands;

// Placeholder until its issue lands: the owning area replaces this file.
public static class TrainCommand
{
    public static Command Create()
    {
        var cmd = new Command("train", "Multitask prompted finetuning (not yet available)");
        cmd.TreatUnmatchedTokensAsErrors = false;
        cmd.SetAction(_ => { Console.Error.WriteLine("error: 't0sharp train' is not available in this build yet"); return 2; });
        return cmd;
    }
}
