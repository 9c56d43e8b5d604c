using T0Sharp.Prompts.Jinja;
using T0Sharp.Prompts.Python;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Prompts.Tests.Templates;

/// <summary>RenderOptions.MarkFields: expression outputs that use variables are marked; nothing else changes.</summary>
public class MarkFieldsTests
{
    const char S = RenderOptions.FieldStart, E = RenderOptions.FieldEnd;

    [Fact]
    public void Marks_wrap_variable_expressions_only_and_removing_them_gives_the_plain_render()
    {
        var t = JinjaTemplate.Parse("{% set n = 2 %}A {{ x }} and {{ 'lit' }} {% for i in range(n) %}[{{ i }}]{% endfor %}{{ y | default('-') }}");
        var vars = new Dictionary<string, object?> { ["x"] = "one" };
        var marked = t.Render(vars, new RenderOptions { MarkFields = true });
        Assert.Equal($"A {S}one{E} and lit [{S}0{E}][{S}1{E}]{S}-{E}", marked);
        Assert.Equal(t.Render(vars), marked.Replace(S.ToString(), "").Replace(E.ToString(), ""));
    }

    [Fact]
    public void Apply_marked_draws_the_same_choices_as_apply()
    {
        var template = new PromptTemplate("id", "t", "{{ ['Q', 'Question'] | choice }}: {{ q }} ||| {{ a }}");
        var ex = new Dictionary<string, object?> { ["q"] = "why?", ["a"] = "because" };
        for (var seed = 0; seed < 8; seed++)
        {
            var plain = template.Apply(ex, new PyRandom(seed));
            var marked = template.ApplyMarked(ex, new PyRandom(seed));
            Assert.Equal(plain.Parts[0] + "|" + plain.Parts[1],
                marked.Parts[0].Replace(S.ToString(), "").Replace(E.ToString(), "") + "|" + marked.Parts[1].Replace(S.ToString(), "").Replace(E.ToString(), ""));
            Assert.EndsWith($": {S}why?{E}", marked.Parts[0]);
        }
    }
}
