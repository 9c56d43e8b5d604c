using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tests.Support;

namespace T0Sharp.Data.Tests.Tasks;

public class TaskTests
{
    [Theory]
    [InlineData("super_glue", "rte", "GPT-3 style", "super_glue_rte_GPT_3_style")]
    [InlineData("ag_news", null, "classify_question_first", "ag_news_classify_question_first")]
    [InlineData("anli", "", "does it follow that", "anli_does_it_follow_that")]
    [InlineData("cos_e", "v1.11", "question_description_option_text", "cos_e_v1.11_question_description_option_text")]
    [InlineData("hellaswag", null, "Predict ending with hint!?", "hellaswag_Predict_ending_with_hint_")]
    [InlineData("x", null, "a - b (c)", "x_a_b_c_")]
    public void Task_names_follow_t_zero(string ds, string? subset, string template, string expected) =>
        Assert.Equal(expected, TaskNames.Get(ds, subset, template));

    [Fact]
    public void Closest_names_by_edit_distance()
    {
        Assert.Equal(3, TaskNames.EditDistance("kitten", "sitting"));
        var names = new[] { "t0_train", "t0+_train", "t0++_train", "t0_eval" };
        Assert.Equal(["t0_train", "t0+_train"], TaskNames.Closest("t0_trian", names, 2));
        Assert.Equal("unknown mixture 't0_trian'; closest: t0_train, t0+_train", TaskNames.Unknown("mixture", "t0_trian", names.Take(2)));
    }

    static readonly Dictionary<string, object?> Example = new() { ["text"] = "good film", ["label-coarse"] = 1L };

    [Fact]
    public void Two_parts_make_an_example_and_hyphenated_keys_are_renamed()
    {
        var t = new FakeTemplate("t", (ex, _) => [$"Review: {ex["text"]}", ex.ContainsKey("label_coarse") ? "positive" : "missing"], choices: ["negative", "positive"]);
        var task = new PromptTask("rotten_tomatoes", null, "train", t);
        var od = new OrderedDictionary<string, object?>(Example);
        var ex = task.Process(od, seed: 1)!;
        Assert.Equal(("Review: good film", "positive"), (ex.Inputs, ex.Targets));
        Assert.Equal(["negative", "positive"], ex.AnswerChoices);
        Assert.Equal("rotten_tomatoes_t", task.Name);
    }

    [Theory]
    [InlineData(new[] { "only one part" }, null)]
    [InlineData(new[] { "a", "b", "c" }, null)]
    [InlineData(new[] { "", "b" }, null)]
    [InlineData(new[] { "prompt", "" }, "<NO LABEL>")]
    [InlineData(new[] { "prompt", "yes" }, "yes")]
    public void T_zero_filtering(string[] parts, string? target)
    {
        var task = new PromptTask("d", null, "test", new FakeTemplate("t", (_, _) => parts));
        var ex = task.Process(new OrderedDictionary<string, object?>(), 0);
        Assert.Equal(target, ex?.Targets);
        if (target == "<NO LABEL>") Assert.True(ex!.IsUnlabeled);
    }

    [Fact]
    public void Render_seed_depends_on_task_row_and_epoch_only()
    {
        long a = RenderSeed.Of(0, "task_a", 5, 0);
        Assert.Equal(a, RenderSeed.Of(0, "task_a", 5, 0));
        Assert.NotEqual(a, RenderSeed.Of(0, "task_b", 5, 0));
        Assert.NotEqual(a, RenderSeed.Of(0, "task_a", 6, 0));
        Assert.NotEqual(a, RenderSeed.Of(0, "task_a", 5, 1));
        Assert.NotEqual(a, RenderSeed.Of(1, "task_a", 5, 0));
        Assert.True(a >= 0);
    }

    [Fact]
    public void Registry_rejects_duplicates_and_suggests_names()
    {
        var reg = new TaskRegistry();
        reg.Add(new PromptTask("imdb", null, "train", FakeTemplate.TextLabel("Movie Expressed Sentiment")));
        reg.Add(new PromptTask("imdb", null, "train", FakeTemplate.TextLabel("Reviewer Opinion bad good choices")));
        Assert.Throws<ArgumentException>(() => reg.Add(new PromptTask("imdb", null, "test", FakeTemplate.TextLabel("Movie Expressed Sentiment"))));
        var e = Assert.Throws<KeyNotFoundException>(() => reg.Get("imdb_Movie_Expresed_Sentiment"));
        Assert.Contains("closest: imdb_Movie_Expressed_Sentiment", e.Message);
        Assert.Equal(2, reg.Count);
    }
}
