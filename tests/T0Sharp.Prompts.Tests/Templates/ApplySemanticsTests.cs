using T0Sharp.Prompts.Jinja;
using T0Sharp.Prompts.Python;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Prompts.Tests.Templates;

/// <summary>promptsource's Template.apply, one rule at a time (expected values computed with the Python reference).</summary>
public class ApplySemanticsTests
{
    static PromptTemplate T(string jinja, string? choices = null, string name = "t") => new("id-" + name, name, jinja, choices);

    static IReadOnlyDictionary<string, object?> Ex(string json) => PromptRenderer.ParseExample(json);

    [Fact]
    public void Splits_on_separator_and_strips_each_part_with_Python_whitespace()
    {
        var r = T("  {{ a }} \n|||\u00a0{{ b }}\u2003\n").Apply(Ex("""{"a": "x", "b": "y"}"""), new PyRandom(0));
        Assert.Equal(["x", "y"], r.Parts);
        Assert.Null(r.AnswerChoices);
    }

    [Fact]
    public void Top_level_strings_are_pipe_protected_but_nested_ones_are_not()
    {
        var r = T("{{ a }} ||| {{ l[0] }}").Apply(Ex("""{"a": "p ||| q", "l": ["u ||| v"]}"""), new PyRandom(0));
        Assert.Equal(["p ||| q", "u", "v"], r.Parts);
        var five = T("{{ d.split('3ed2dface8203c4c9dfb1a5dc58e41e0||') | join('#') }}").Apply(Ex("""{"d": "A|||||B"}"""), new PyRandom(0));
        Assert.Equal(["A#B"], five.Parts);   // multi_news relies on the exact token
    }

    [Fact]
    public void Answer_choices_render_first_and_are_stripped_then_unprotected()
    {
        var r = T("{{ answer_choices | join(',') }} ||| {{ answer_choices[label] }}", "{{ a }} ||| No ").Apply(
            Ex("""{"a": " Yes|||maybe ", "label": 0}"""), new PyRandom(0));
        Assert.Equal(["Yes|||maybe", "No"], r.AnswerChoices);
        // Un-protected choices that contain "|||" split the prompt again, exactly as in Python.
        Assert.Equal(["Yes", "maybe,No", "Yes", "maybe"], r.Parts);
    }

    [Fact]
    public void Long_values_are_truncated_to_2048_code_points_unless_disabled()
    {
        var text = string.Join(" ", Enumerable.Repeat("😍word", 600));  // 3599 code points, 4199 UTF-16 units
        var ex = Ex($$"""{"text": "{{text}}"}""");
        var cut = T("{{ text }}").Apply(ex, new PyRandom(0)).Parts[0];
        Assert.EndsWith("...", cut);
        Assert.Equal("😍word", cut[..^3].Split(' ')[^1]);   // cut at the last space, whole words kept
        Assert.True(PyStr.Length(cut) <= 2048);
        Assert.Equal(text, T("{{ text }}").Apply(ex, new PyRandom(0), truncate: false).Parts[0]);
    }

    [Fact]
    public void Example_with_answer_choices_key_is_rejected()
    {
        var e = Assert.Throws<TemplateRenderException>(() => T("{{ a }}").Apply(Ex("""{"a": 1, "answer_choices": []}"""), new PyRandom(0)));
        Assert.Equal("ValueError", e.PythonType);
    }

    [Fact]
    public void Choice_draws_follow_Python_random_seeded_per_example()
    {
        var t = T("{{ options | choice }} ||| {{ ['x','y','z'] | choice }}", "{{ options | join(' ||| ') }}");
        var lines = Enumerable.Repeat("""{"options": ["red", "green", "blue", "cyan"]}""", 3);
        var records = PromptRenderer.Render([t], lines, seed: 5).ToList();
        Assert.Equal([["blue", "z"], ["red", "z"], ["green", "y"]], records.Select(r => r.Parts.ToArray()));
        Assert.All(records, r => Assert.Equal(["red", "green", "blue", "cyan"], r.AnswerChoices));
    }

    [Fact]
    public void Nested_mutations_persist_across_templates_of_one_example()
    {
        var push = T("{{ l.append('z') or '' }}", name: "a push");
        var count = T("{{ l | length }}", name: "b count");
        var records = PromptRenderer.Render([push, count], ["""{"l": ["x"]}""", """{"l": []}"""]).ToList();
        Assert.Equal(["2", "1"], records.Where(r => r.Template == "b count").Select(r => r.Parts[0]));
    }

    [Fact]
    public void A_template_that_raises_does_not_stop_the_others()
    {
        var bad = T("{{ [] | choice }}", name: "bad");
        var good = T("{{ a }}", name: "good");
        var records = PromptRenderer.Render([bad, good], ["""{"a": "one"}""", """{"a": "two"}"""]).ToList();
        Assert.Equal(4, records.Count);
        Assert.All(records.Where(r => r.Template == "bad"), r =>
        {
            Assert.StartsWith("IndexError", r.Error);
            Assert.Empty(r.Parts);
            Assert.Null(r.AnswerChoices);
        });
        Assert.Equal(["one", "two"], records.Where(r => r.Template == "good").Select(r => r.Parts[0]));
    }

    [Fact]
    public void Fixed_answer_choices_exist_only_without_variables()
    {
        Assert.Equal(["Yes", "No"], T("x", " Yes ||| No").GetFixedAnswerChoices());
        Assert.Null(T("x", "{{ a }} ||| No").GetFixedAnswerChoices());
        Assert.Null(T("x").GetFixedAnswerChoices());
    }

    [Fact]
    public void Parsed_templates_are_shared_safely_across_threads()
    {
        var t = T("{{ a | upper }} ||| {{ n * 2 }}");
        var results = Enumerable.Range(0, 64).AsParallel()
            .Select(i => T0Sharp.Prompts.Tests.Templates.ApplySemanticsTests.Render(t, i)).ToList();
        // The rewrite makes it n * ("2" | string | truncate): Python repeats the string n times.
        for (var i = 0; i < 64; i++) Assert.Equal([$"X{i}", new string('2', i)], results[i]);
    }

    static IReadOnlyList<string> Render(PromptTemplate t, int i) => t.Apply(Ex($$"""{"a": "x{{i}}", "n": {{i}}}"""), new PyRandom(i)).Parts;
}
