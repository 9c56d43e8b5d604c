using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using T0Sharp.Training.Options;

namespace T0Sharp.Cli.Commands;

/// <summary>
/// <c>t0sharp train --help</c>: the usage, the three options, the exit codes and a table of every configuration key
/// with its default (from <see cref="TrainOptions"/>, so it cannot drift), instead of System.CommandLine's stock page.
/// </summary>
internal static class TrainHelp
{
    /// <summary>Routes the help of the <c>train</c> command under <paramref name="root"/> to <see cref="Write"/>.</summary>
    public static void Install(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().FirstOrDefault();
        if (option?.Action is not SynchronousCommandLineAction standard) return;
        option.Action = new Action(standard);
    }

    sealed class Action(SynchronousCommandLineAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            if (parseResult.CommandResult.Command.Name != "train") return standard.Invoke(parseResult);
            Write(parseResult.InvocationConfiguration.Output);
            return 0;
        }
    }

    public static void Write(TextWriter w)
    {
        w.WriteLine("Multitask prompted finetuning (the T0 recipe) from a YAML configuration.");
        w.WriteLine();
        w.WriteLine("Usage:");
        w.WriteLine("  t0sharp train CONFIG.yaml [--section.key=value ...] [--resume [DIR]] [--init-from DIR]");
        w.WriteLine();
        w.WriteLine("Options:");
        w.WriteLine("  --section.key=value  override one configuration key (any key below), e.g. --optimizer.learning_rate=3e-4");
        w.WriteLine("  --resume [DIR]       continue from checkpoint DIR, or from the newest intact one under run.output_dir;");
        w.WriteLine("                       model and data settings come from the checkpoint, the others from CONFIG and overrides");
        w.WriteLine("  --init-from DIR      start from a Hugging Face folder (= --model.init_from=DIR; replaces CONFIG's model.preset)");
        w.WriteLine();
        w.WriteLine("Input paths in CONFIG (model.init_from, model.config, data.train_files, data.validation_files, data.data_dir,");
        w.WriteLine("data.templates, data.tokenizer, a data.mixture .yaml) resolve against CONFIG's folder; on the command line");
        w.WriteLine("against the working directory. run.output_dir is relative to the working directory.");
        w.WriteLine();
        w.WriteLine("Configuration keys and defaults (docs/training.md describes each):");
        var entries = OptionsWriter.Entries(new TrainOptions());
        var width = entries.Max(e => e.Section.Length + e.Key.Length + 1) + 2;
        foreach (var (section, key, value) in entries)
            w.WriteLine($"  {(section + "." + key).PadRight(width)}{value}");
        w.WriteLine($"  {"peft.*".PadRight(width)}Hugging Face PEFT adapter_config.json fields (docs/peft.md); empty: full finetuning");
        w.WriteLine($"  {"modular.*".PadRight(width)}task-conditioned modules: method (attempt, spt, hyperprompt) + its settings (docs/modular.md); empty: none");
        w.WriteLine();
        w.WriteLine("Exit codes: 0 done, 1 another process of a multi-process run failed, 2 bad configuration or input,");
        w.WriteLine("3 diverged (NaN/inf loss), 130 interrupted (a checkpoint is written; --resume continues).");
    }
}
