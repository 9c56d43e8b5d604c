using T0Sharp.Training.Options;
using Xunit;

namespace T0Sharp.Training.Tests;

public class OptionsTests
{
    const string Yaml = """
        run:
          output_dir: runs/x
          max_steps: 12200
        optimizer:
          name: adafactor
          learning_rate: 1e-3
          beta1: null
        data:
          batch_size: 1024
          micro_batch_size: 8
        loss:
          normalization: sequence_mean
        """;

    [Fact]
    public void Yaml_and_overrides_build_the_record()
    {
        var o = OptionsLoader.Parse(Yaml, "t.yaml", ["--optimizer.learning_rate=3e-4", "--data.pack=false", "--schedule.name=linear"]);
        Assert.Equal("runs/x", o.Run.OutputDir);
        Assert.Equal(12200, o.Run.MaxSteps);
        Assert.Equal(3e-4, o.Optimizer.LearningRate);
        Assert.Null(o.Optimizer.Beta1);
        Assert.False(o.Data.Pack);
        Assert.Equal(1024, o.Data.BatchSize);
        Assert.Equal(LossNormalization.SequenceMean, o.Loss.Normalization);
        Assert.Equal(ScheduleKind.Linear, o.Schedule.Name);
        Assert.Equal(new TrainOptions().Eval, o.Eval); // untouched sections keep their defaults
    }

    [Fact]
    public void Resolved_yaml_round_trips_to_an_equal_record()
    {
        var o = OptionsLoader.Parse(Yaml, "t.yaml", ["--model.init_from=some dir/with: colon", "--optimizer.beta1=0.9", "--optimizer.name=adamw"]);
        var again = OptionsLoader.Parse(OptionsWriter.ToYaml(o), "resolved");
        Assert.Equal(o, again);
        Assert.Contains("name: adamw", OptionsWriter.ToYaml(o));
    }

    [Fact]
    public void Unknown_key_names_line_and_closest_valid_key()
    {
        var e = Assert.Throws<OptionsException>(() => OptionsLoader.Parse("optimizer:\n  lerning_rate: 1\n", "cfg.yaml"));
        Assert.Contains("cfg.yaml:2", e.Message);
        Assert.Contains("unknown key 'optimizer.lerning_rate'", e.Message);
        Assert.Contains("did you mean 'learning_rate'", e.Message);
    }

    [Fact]
    public void Unknown_section_and_override_key_are_rejected()
    {
        var e = Assert.Throws<OptionsException>(() => OptionsLoader.Parse("optimiser:\n  name: adamw\n", "cfg.yaml"));
        Assert.Contains("did you mean 'optimizer'", e.Message);
        var e2 = Assert.Throws<OptionsException>(() => OptionsLoader.Parse("", "cfg.yaml", ["--run.max_step=3"]));
        Assert.Contains("override '--run.max_step=3'", e2.Message);
        Assert.Contains("did you mean 'max_steps'", e2.Message);
        Assert.Throws<OptionsException>(() => OptionsLoader.Parse("", "cfg.yaml", ["--run=3"]));
    }

    [Theory]
    [InlineData("run:\n  max_steps: many\n", "run.max_steps = 'many' is not an integer")]
    [InlineData("optimizer:\n  learning_rate: fast\n", "optimizer.learning_rate = 'fast' is not a number")]
    [InlineData("data:\n  pack: maybe\n", "data.pack = 'maybe' is not true or false")]
    [InlineData("optimizer:\n  name: sgd\n", "optimizer.name = 'sgd' is not one of: adafactor, adamw")]
    [InlineData("run:\n  max_steps: null\n", "run.max_steps needs a value")]
    [InlineData("run:\n  - a\n", "section 'run' must be a mapping")]
    public void Type_errors_say_what_was_expected(string yaml, string expected)
    {
        var e = Assert.Throws<OptionsException>(() => OptionsLoader.Parse(yaml, "cfg.yaml"));
        Assert.Contains(expected, e.Message);
        Assert.Contains("cfg.yaml", e.Message);
    }

    [Theory]
    [InlineData("--run.dtype=float16", "float16 is refused")]
    [InlineData("--data.micro_batch_size=3", "must be a multiple of data.micro_batch_size")]
    [InlineData("--optimizer.relative_step=true", "relative_step computes its own step size")]
    [InlineData("--schedule.name=rsqrt", "rsqrt needs schedule.warmup_steps")]
    public void Cross_field_checks_explain_the_fix(string arg, string expected)
    {
        var e = Assert.Throws<OptionsException>(() => OptionsLoader.Parse("schedule:\n  warmup_steps: 0\n", "cfg.yaml", [arg, "--schedule.warmup_steps=" + (arg.Contains("relative") ? "5" : "0")]));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Example_configs_in_the_repository_load()
    {
        var dir = T0Sharp.Tests.TestPaths.RepoPath("configs");
        var files = Directory.GetFiles(dir, "*.yaml");
        Assert.True(files.Length >= 3, "expected the tiny, t5-small and T0 recipe configs");
        foreach (var f in files) OptionsLoader.Load(f);
        var t0 = OptionsLoader.Load(Path.Combine(dir, "t0-3b-recipe.yaml"));
        Assert.Equal(12200, t0.Run.MaxSteps);
        Assert.Equal(1024, t0.Data.BatchSize);
        Assert.Equal((1024, 256), (t0.Data.InputLength, t0.Data.TargetLength));
        Assert.Equal((OptimizerKind.Adafactor, 1e-3, ScheduleKind.Constant), (t0.Optimizer.Name, t0.Optimizer.LearningRate, t0.Schedule.Name));
        Assert.Equal("bfloat16", t0.Run.Dtype);
    }
}

public class AdapterSectionTests
{
    [Fact]
    public void Peft_keys_keep_their_yaml_types_and_sources_and_round_trip()
    {
        var yaml = "run:\n  max_steps: 3\npeft:\n  peft_type: LORA\n  r: 8\n  lora_alpha: 16.0\n  target_modules: [q, v]\n" +
                   "  rank_pattern:\n    q: 4\n  use_rslora: true\n  init_lora_weights: gaussian\n  task_name: \"8\"\n";
        var o = OptionsLoader.Parse(yaml, "t.yaml", ["--peft.r=4", "--peft.layers_to_transform=[0, 1]"]);
        var json = o.Peft.ToJson();
        Assert.Equal("LORA", (string?)json["peft_type"]);
        Assert.Equal(4, (long)json["r"]!);
        Assert.Equal(16.0, (double)json["lora_alpha"]!);
        Assert.Equal(["q", "v"], json["target_modules"]!.AsArray().Select(x => (string?)x));
        Assert.Equal(4, (long)json["rank_pattern"]!["q"]!);
        Assert.True((bool)json["use_rslora"]!);
        Assert.Equal("8", (string?)json["task_name"]); // quoted: a string
        Assert.Equal([0L, 1L], json["layers_to_transform"]!.AsArray().Select(x => (long)x!));
        Assert.Equal("t.yaml:7", o.Peft.SourceOf("target_modules"));
        Assert.StartsWith("override", o.Peft.SourceOf("r"));
        Assert.True(o.Modular.IsEmpty);

        var again = OptionsLoader.Parse(OptionsWriter.ToYaml(o), "resolved");
        Assert.Equal(o, again);
        Assert.DoesNotContain("modular:", OptionsWriter.ToYaml(o));
    }

    [Fact]
    public void Objective_and_few_shot_options_parse_and_bad_values_name_the_line()
    {
        var o = OptionsLoader.Parse("loss:\n  objective: t_few\n  unlikelihood_weight: 0.5\ndata:\n  few_shot: 32\n", "t.yaml");
        Assert.Equal(ObjectiveKind.TFew, o.Loss.Objective);
        Assert.Equal(0.5, o.Loss.UnlikelihoodWeight);
        Assert.Equal(32, o.Data.FewShot);
        var e = Assert.Throws<OptionsException>(() => OptionsLoader.Parse("loss:\n  objective: tfew2\n", "t.yaml"));
        Assert.Contains("t.yaml:2", e.Message);
        Assert.Contains("t_few", e.Message);
    }
}
