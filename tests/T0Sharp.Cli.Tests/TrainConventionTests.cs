using T0Sharp.Cli.Tests.Support;
using T0Sharp.Tests;
using T0Sharp.Training.Options;

namespace T0Sharp.Cli.Tests;

/// <summary>train's conventions: config paths relative to the config file, --init-from vs model.preset, --help.</summary>
public class TrainConventionTests
{
    [Fact]
    public void Input_paths_in_a_config_resolve_against_its_folder_and_overrides_against_the_working_directory()
    {
        using var dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(dir.File("cfg"));
        Directory.CreateDirectory(dir.File("cfg/data"));
        File.WriteAllText(dir.File("cfg/run.yaml"), "model:\n  preset: t5-tiny\ndata:\n  train_files: data/a.jsonl, /abs/b.jsonl\n  tokenizer: ../tok/spiece.model\n" +
            "  mixture: mixtures/m.yaml\nrun:\n  output_dir: runs/x\n");
        var o = OptionsLoader.Load(dir.File("cfg/run.yaml"));
        Assert.Equal(Path.Combine(dir.Path, "cfg", "data", "a.jsonl") + ",/abs/b.jsonl", o.Data.TrainFiles);
        Assert.Equal(Path.Combine(dir.Path, "tok", "spiece.model"), o.Data.Tokenizer);
        Assert.Equal(Path.Combine(dir.Path, "cfg", "mixtures", "m.yaml"), o.Data.Mixture);
        Assert.Equal("runs/x", o.Run.OutputDir);                          // an output: relative to the working directory
        var over = OptionsLoader.Load(dir.File("cfg/run.yaml"), ["--data.tokenizer=rel/t.model", "--data.mixture=t0_train"]);
        Assert.Equal("rel/t.model", over.Data.Tokenizer);                 // typed in the shell: the working directory's
        Assert.Equal("t0_train", over.Data.Mixture);                       // a mixture name is not a path
        // the shipped configs work from any working directory
        var tiny = OptionsLoader.Load(TestPaths.RepoPath("configs", "tiny-cpu.yaml"));
        Assert.True(File.Exists(tiny.Data.TrainFiles), tiny.Data.TrainFiles);
        Assert.True(File.Exists(OptionsLoader.Load(TestPaths.RepoPath("configs", "formats-mixture.yaml")).Data.Mixture));
        Assert.True(Directory.Exists(OptionsLoader.Load(TestPaths.RepoPath("configs", "t-few-tiny.yaml")).Model.InitFrom));
    }

    [Fact]
    public void Init_from_on_the_command_line_replaces_the_config_preset_with_a_note_and_both_in_the_file_is_an_error()
    {
        using var dir = TestPaths.NewTempDir();
        File.WriteAllText(dir.File("a.yaml"), "model:\n  preset: t5-tiny\n");
        var notes = new List<string>();
        var o = OptionsLoader.Load(dir.File("a.yaml"), ["--model.init_from=" + Fixtures.TinyT0], notes.Add);
        Assert.Null(o.Model.Preset);
        Assert.Equal(Fixtures.TinyT0, o.Model.InitFrom);
        Assert.Equal($"model.init_from {Fixtures.TinyT0} (override '--model.init_from={Fixtures.TinyT0}') replaces model.preset 't5-tiny' ({dir.File("a.yaml")}:2): " +
            $"the architecture comes from {Fixtures.TinyT0}/config.json", Assert.Single(notes));
        File.WriteAllText(dir.File("b.yaml"), "model:\n  preset: t5-tiny\n  init_from: /models/x\n");
        var e = Assert.Throws<OptionsException>(() => OptionsLoader.Load(dir.File("b.yaml")));
        Assert.Contains("b.yaml:2: model.preset 't5-tiny' conflicts with model.init_from '/models/x'", e.Message);
    }

    [Fact]
    public void Train_help_lists_the_configuration_keys_with_defaults()
    {
        var r = CliRun.Run("train", "--help");
        Assert.Equal(0, r.Code);
        Assert.Contains("t0sharp train CONFIG.yaml [--section.key=value ...] [--resume [DIR]] [--init-from DIR]", r.Out);
        Assert.Matches(@"\n  run\.max_steps\s+1000\n", r.Out.Replace("\r", ""));
        Assert.Matches(@"\n  data\.train_files\s+null\n", r.Out.Replace("\r", ""));
        Assert.Contains("optimizer.learning_rate", r.Out);
        Assert.DoesNotContain("Show help and usage information", r.Out);
        Assert.Contains("Show help and usage information", CliRun.Run("eval", "--help").Out); // other commands keep the standard page
    }
}
