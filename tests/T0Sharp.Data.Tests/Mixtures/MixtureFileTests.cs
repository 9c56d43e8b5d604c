using T0Sharp.Data.Flipped;
using T0Sharp.Data.Mixtures;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tasks.FewShot;
using T0Sharp.Data.Tasks.SuperNi;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Prompts.Templates;
using T0Sharp.Tests;

namespace T0Sharp.Data.Tests.Mixtures;

/// <summary>One mixture of promptsource, FLAN-style and Super-NI tasks from a YAML file.</summary>
public sealed class MixtureFileTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();
    readonly DatasetDirectory _data;
    readonly FakeTemplateProvider _templates = new(new()
    {
        ["toy_sentiment"] = [new PromptTemplateAdapter(new PromptTemplate("p1", "review says", "Review: {{text}} Did the reviewer like it? ||| {{ answer_choices[label] }}", "No ||| Yes"))],
    });

    public MixtureFileTests()
    {
        DataFiles.Write(_dir.Path, "data/toy_sentiment/validation.jsonl", "{\"text\": \"fun\", \"label\": 1}", "{\"text\": \"dull\", \"label\": 0}", "{\"text\": \"nice\", \"label\": 1}");
        DataFiles.Write(_dir.Path, "data/toy_sentiment/train.jsonl", "{\"text\": \"great\", \"label\": 1}", "{\"text\": \"bad\", \"label\": 0}");
        _data = new DatasetDirectory(Path.Combine(_dir.Path, "data"));
        foreach (var f in new[] { "flan_toy_sentiment.yaml", "task901_toy_sentiment.json" })
            File.Copy(TestPaths.TestData("instruction_formats", f), Path.Combine(_dir.Path, f));
    }

    public void Dispose() => _dir.Dispose();

    string Write(params string[] lines) => DataFiles.Write(_dir.Path, "mix.yaml", lines);

    [Fact]
    public void Three_formats_mix_in_one_deterministic_stream()
    {
        var mixture = MixtureFile.Load(Write(
            "name: formats",
            "tasks:",
            "  - promptsource: toy_sentiment",
            "    split: validation",
            "  - flan: flan_toy_sentiment.yaml",
            "    split: validation",
            "    templates: [qa]",
            "    shots: 1",
            "    rate: 2",
            "  - super_ni: task901_toy_sentiment.json",
            "    max_instances: 3",
            "  - promptsource: toy_sentiment",
            "    split: validation",
            "    flipped: true"), _data, _templates);
        Assert.Equal("formats", mixture.Name);
        Assert.Equal(["toy_sentiment_review_says", "toy_sentiment_flan_qa_1shot", "natural_instructions_task901_toy_sentiment", "toy_sentiment_review_says_flipped"],
            mixture.Components.Select(c => c.Task.Name));
        Assert.Equal([3.0, 2.0, 3.0, 3.0], mixture.Components.Select(c => c.Rate));
        Assert.IsType<FewShotTask>(mixture.Components[1].Task);
        Assert.IsType<SuperNiTask>(mixture.Components[2].Task);
        Assert.IsType<FlippedTask>(mixture.Components[3].Task);
        var pipeline = new ExamplePipeline(new MixtureStream(mixture, _data, seed: 1), null);
        var first = pipeline.Examples().Take(40).ToList();
        Assert.Equal(4, first.Select(i => i.TaskIndex).Distinct().Count());
        var again = new ExamplePipeline(new MixtureStream(mixture, _data, seed: 1), null).Examples().Take(40).ToList();
        static string Show(PipelineItem i) => $"{i.TaskIndex}|{i.Example!.Inputs}|{i.Example.Targets}|{string.Join(",", i.Example.AnswerChoices ?? [])}";
        Assert.Equal(first.Select(Show), again.Select(Show));
        var superNi = first.First(i => i.TaskIndex == 2).Example!;
        Assert.StartsWith("Definition: Given a short movie review", superNi.Inputs);
        var flan = first.First(i => i.TaskIndex == 1).Example!;
        Assert.StartsWith("Q: Review: ", flan.Inputs);
        Assert.EndsWith("\nA:", flan.Inputs);
        var flipped = first.First(i => i.TaskIndex == 3).Example!;
        Assert.Equal("<extra_id_0> Review: <extra_id_1> Did the reviewer like it?", flipped.Targets);
    }

    [Fact]
    public void Errors_name_the_line_and_what_is_wrong()
    {
        var e = Assert.Throws<InvalidDataException>(() => MixtureFile.Load(Write("tasks:", "  - promptsource: toy_sentiment", "    split: validation", "    shot: 2"), _data, _templates));
        Assert.Contains("mix.yaml:4: unknown key 'shot'", e.Message);
        e = Assert.Throws<InvalidDataException>(() => MixtureFile.Load(Write("tasks:", "  - promptsource: toy_sentiment", "    split: test"), _data, _templates));
        Assert.Contains("split 'test' of toy_sentiment is not under", e.Message);
        e = Assert.Throws<InvalidDataException>(() => MixtureFile.Load(Write("tasks:", "  - promptsource: toy_sentiment", "    split: validation", "    templates: [review]"), _data, _templates));
        Assert.Contains("unknown template 'review'; closest: review says", e.Message);
        e = Assert.Throws<InvalidDataException>(() => MixtureFile.Load(Write("tasks:", "  - flan: flan_toy_sentiment.yaml", "    super_ni: task901_toy_sentiment.json"), _data, _templates));
        Assert.Contains("exactly one of 'promptsource', 'flan', 'super_ni' or 'mixture'", e.Message);
    }
}
