using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tasks.FewShot;
using T0Sharp.Data.Tasks.Flan;
using T0Sharp.Data.Tasks.SuperNi;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Tasks;

/// <summary>FLAN-style templates, Super-NaturalInstructions task files and k-shot prompting, on literal inputs.</summary>
public sealed class InstructionFormatTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();
    static string Fixture(string name) => TestPaths.TestData("instruction_formats", name);

    public void Dispose() => _dir.Dispose();

    static OrderedDictionary<string, object?> Row(string text, long label) => new() { ["text"] = text, ["label"] = label };

    [Fact]
    public void Flan_patterns_fill_fields_options_and_answer_exactly()
    {
        var file = FlanTemplateFile.Load(Fixture("flan_toy_sentiment.yaml"));
        Assert.Equal(("toy_sentiment", (string?)null), (file.Dataset, file.Subset));
        var output = file.Templates[0].Apply(Row("so good", 1), seed: 0);
        Assert.Equal(["so good\nHow does the reviewer feel about the movie?\nOPTIONS:\n- negative\n- positive", "positive"], output.Parts);
        Assert.Equal(["negative", "positive"], output.AnswerChoices);
        // An unlabeled row (-1) gets an empty answer, which the task turns into <NO LABEL>.
        var task = new PromptTask("toy_sentiment", null, "test", file.Templates[0]);
        Assert.True(task.Process(Row("meh", -1), 0)!.IsUnlabeled);
    }

    [Fact]
    public void Flan_format_splits_like_the_python_regex_and_rejects_unknown_fields()
    {
        Assert.Equal(["a ", "{x}", "-", "{y_1}", " {not a field}"], FlanFormat.Parts("a {x}-{y_1} {not a field}"));
        var features = new Dictionary<string, object?> { ["x"] = 3L, ["y_1"] = "z" };
        Assert.Equal("a 3-z {not a field}", FlanFormat.Format("a {x}-{y_1} {not a field}", features));
        var e = Assert.Throws<KeyNotFoundException>(() => FlanFormat.Format("{missing}", features));
        Assert.Contains("{missing}", e.Message);
        Assert.Equal("OPTIONS:\n- a\n- b c", FlanFormat.Options(["a", "b c"]));
    }

    [Fact]
    public void Flan_template_file_errors_name_the_line()
    {
        var path = DataFiles.Write(_dir.Path, "bad.yaml", "dataset: d", "answer: label", "templates:", "  - name: t", "    input: \"{text}\"", "    target: \"{answer}\"", "    prefix: x");
        var e = Assert.Throws<InvalidDataException>(() => FlanTemplateFile.Load(path));
        Assert.Equal($"{path}:7: unknown key 'prefix' (known: name, input, target, original_task, inputs_prefix, targets_prefix, x_y_delimiter, example_separator, final_suffix)", e.Message);
        var noOptions = DataFiles.Write(_dir.Path, "noopt.yaml", "dataset: d", "templates:", "  - name: t", "    input: \"{text} {options_}\"", "    target: x");
        Assert.Contains("neither 'options' nor 'options_field'", Assert.Throws<InvalidDataException>(() => FlanTemplateFile.Load(noOptions)).Message);
    }

    [Fact]
    public void Few_shot_format_matches_flan_and_seqio_layout()
    {
        var f = new FewShotFormat("Q: ", "A: ", "\n", "\n\n");
        Assert.Equal("Q: x1\nA: y1\n\nQ: x2\nA: y2\n\nQ: query\nA:", f.Format([("x1", "y1"), ("x2", "y2")], "query"));
        // FLAN's defaults: no prefixes, "\n\n" after each input, "\n\n\n" between examples, trailing spaces removed.
        Assert.Equal("x1\n\ny1\n\n\nquery\n\n", FewShotFormat.Flan.Format([("x1", "y1")], "query"));
        Assert.Equal("q\nend", new FewShotFormat(TargetsPrefix: " ", XYDelimiter: "  ", FinalSuffix: "\nend").Format([], "q"));
    }

    [Fact]
    public void Few_shot_task_draws_distinct_exemplars_from_the_other_records_deterministically()
    {
        DataFiles.Write(_dir.Path, "toy/train.jsonl", "{\"text\": \"a\", \"label\": 1}", "{\"text\": \"b\", \"label\": 0}",
            "{\"text\": \"c\", \"label\": -1}", "{\"text\": \"d\", \"label\": 1}");
        var data = new DatasetDirectory(_dir.Path);
        var template = FlanTemplateFile.Load(Fixture("flan_toy_sentiment.yaml")).Templates[1];
        var inner = new PromptTask("toy", null, "train", template);
        var task = new FewShotTask(inner, shots: 2, template.FewShot, data, exemplarSplit: "train");
        Assert.Equal("toy_qa_2shot", task.Name);
        var rows = new DatasetDirectory(_dir.Path).Open("toy", null, "train")!.Read().ToList();
        // Query "a" (record 0): the exemplars are "b" and "d" (record 0 is the query; "c" is unlabeled and skipped).
        var shots = task.Exemplars(0, streamSeed: 5, epoch: 0);
        Assert.Equal(["b", "d"], shots.Select(s => s.Inputs.Split('\n')[0][8..]).Order());
        var ex = task.Process(rows[0], 5, 0)!;
        string Render(string text) => $"Review: {text}\nIs this review positive or negative?\n\nOPTIONS:\n- negative\n- positive";
        var expected = string.Concat(shots.Select(s => $"Q: {s.Inputs}\nA: {s.Targets}\n\n")) + $"Q: {Render("a")}\nA:";
        Assert.Equal(expected, ex.Inputs);
        Assert.Equal("positive", ex.Targets);
        Assert.Equal(Render("b"), shots.Single(s => s.Targets == "negative").Inputs);
        Assert.Equal(ex, task.Process(rows[0], 5, 0));
        // Over many seeds both orders occur: the draw is a real shuffle, not a fixed pick.
        var orders = Enumerable.Range(0, 20).Select(s => string.Join(",", task.Exemplars(0, s, 0).Select(e => e.Targets))).Distinct().Count();
        Assert.Equal(2, orders);
    }

    [Fact]
    public void Super_ni_prompt_follows_tk_instruct_definition_and_two_positive_examples()
    {
        var file = SuperNiTaskFile.Load(Fixture("task901_toy_sentiment.json"));
        Assert.Equal(4, file.Instances.Count);
        var task = new SuperNiTask(file);
        Assert.Equal("natural_instructions_task901_toy_sentiment", task.Name);
        var ex = task.Process(file.Instances[0], 0, 0)!;
        Assert.Equal("Definition: Given a short movie review, answer \"positive\" or \"negative\"\n\n" +
                     " Positive Example 1 -\nInput: a warm and funny film.\n Output: positive.\n\n" +
                     " Positive Example 2 -\nInput: dull, slow and far too long.\n Output: negative.\n\n" +
                     "Now complete the following example -\nInput: the actors shine.\nOutput: ", ex.Inputs);
        Assert.Equal("positive", ex.Targets);
    }

    [Fact]
    public void Super_ni_encoding_with_negatives_explanations_and_task_name()
    {
        var file = SuperNiTaskFile.Load(Fixture("task901_toy_sentiment.json"));
        var task = new SuperNiTask(file, new SuperNiEncoding(TaskName: true, Definition: false, PositiveExamples: 1, NegativeExamples: 1, Explanation: true));
        Assert.Equal("task901_toy_sentiment. " +
                     " Positive Example 1 -\nInput: a warm and funny film.\n Output: positive.\n Explanation: The review praises the film.\n\n" +
                     " Negative Example 1 -\nInput: a total bore.\n Output: positive.\n Explanation: Boredom is negative.\n\n" +
                     "Now complete the following example -\nInput: a waste of two hours.\nOutput: ", task.Prompt("a waste of two hours"));
        // Instance 2 has two references: the seeded draw picks one of them, the same one for the same seed.
        var targets = Enumerable.Range(0, 16).Select(s => task.Process(file.Instances[1], s, 0)!.Targets).ToList();
        Assert.Equal(["bad", "negative"], targets.Distinct().Order());
        Assert.Equal(targets, Enumerable.Range(0, 16).Select(s => task.Process(file.Instances[1], s, 0)!.Targets));
    }

    [Fact]
    public void Super_ni_file_errors_name_the_file_and_key()
    {
        var path = DataFiles.Write(_dir.Path, "t.json", "{\"Definition\": [\"d\"], \"Instances\": [{\"input\": \"x\"}]}");
        var e = Assert.Throws<DataFormatException>(() => SuperNiTaskFile.Load(path));
        Assert.Equal($"{path}:1: Instances[0]: missing \"output\"", e.Message);
    }
}
