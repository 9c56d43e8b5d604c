using System.CommandLine;
using Spectre.Console;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Mixtures.Xp3;

namespace T0Sharp.Cli.Commands.Data;

/// <summary><c>t0sharp data list [--mixture NAME]</c>: the mixtures, or one mixture's tasks with rates and local record counts.</summary>
internal static class DataListCommand
{
    public static Command Create()
    {
        var o = new DataOptions();
        var cmd = new Command("list", "List the mixtures, or one mixture's tasks, rates and local record counts");
        o.AddTo(cmd, tokenizer: false);
        cmd.SetAction(p => CommandGuard.Run(() =>
        {
            var catalog = o.Catalog(p, out _);
            if (p.GetValue(o.Mixture) == null)
            {
                var width = catalog.Mixtures.Names.Max(n => n.Length) + 2;
                foreach (var name in catalog.Mixtures.Names) Console.WriteLine(name.PadRight(width) + catalog.Mixtures.Describe(name));
                return 0;
            }
            var mixture = o.ResolveMixture(p, catalog);
            DataOptions.Warn(mixture.Warnings);
            RatesTable(mixture, catalog);
            return 0;
        }));
        return cmd;
    }

    /// <summary>Prints each task's rate, share and local records (shared with inspect).</summary>
    public static void RatesTable(Mixture mixture, MixtureCatalog catalog)
    {
        var console = Terminal.Create();
        var table = new Table().AddColumns("task", "split", "rate", "share", "local records");
        double total = mixture.TotalRate;
        foreach (var c in mixture.Components)
            table.AddRow(Markup.Escape(c.Task.Name), c.Task.Split, c.Rate.ToString("0.###"), (c.Rate / total).ToString("P2"),
                c.Task.CountRows(catalog.Data).ToString("N0"));
        console.Write(table);
        Console.WriteLine($"{mixture.Components.Count} tasks, total rate {total:0.###}");
        if (mixture.Components.Any(c => c.Task is Xp3Task)) LanguageTable(mixture, catalog);
    }

    /// <summary>An xP3 mixture's languages: BLOOMZ's weight, the share of draws, tasks and capped records.</summary>
    static void LanguageTable(Mixture mixture, MixtureCatalog catalog)
    {
        var table = new Table().AddColumns("language", "BLOOMZ weight", "share", "tasks", "records (capped)");
        foreach (var l in Xp3Mixtures.Languages(mixture, catalog.Xp3.Lists, catalog.Data))
            table.AddRow(l.Language, l.Weight.ToString("0.0000"), l.Share.ToString("P2"), l.Tasks.ToString("N0"), l.Records.ToString("N0"));
        Terminal.Create().Write(table);
    }
}
