using T0Sharp.Prompts.Jinja;
using T0Sharp.Prompts.Python;
using Xunit;

namespace T0Sharp.Prompts.Tests.Jinja;

public class JinjaSmokeTests
{
    static string R(string src, Dictionary<string, object?>? vars = null) =>
        JinjaTemplate.Parse(src).Render(vars ?? new Dictionary<string, object?>());

    [Fact]
    public void RendersCoreConstructs()
    {
        var vars = new Dictionary<string, object?> { ["name"] = "World", ["items"] = new List<object?> { "a", 1L, null } };
        Assert.Equal("Hello World!", R("Hello {{ name }}!", vars));
        Assert.Equal("['a', 1, None]", R("{{ items }}", vars));
        Assert.Equal("a,1,None", R("{{ items | join(',') }}", vars));
        Assert.Equal("1:a 2:1 3:None ", R("{% for x in items %}{{ loop.index }}:{{ x }} {% endfor %}", vars));
        Assert.Equal("yes", R("{% if name == 'World' %}yes{% else %}no{% endif %}", vars));
        Assert.Equal("5.0", R("{{ 10 / 2 }}"));
        Assert.Equal("1e-05", R("{{ 0.00001 }}"));
    }

    [Fact]
    public void SyntaxErrorsCarryPosition()
    {
        var e = Assert.Throws<TemplateSyntaxException>(() => JinjaTemplate.Parse("line one\n{{ x + }}"));
        Assert.Equal(2, e.Line);
        Assert.Equal("{{ x + }}", e.SourceLine);
    }

    [Fact]
    public void ChoiceUsesPythonRandom()
    {
        var t = JinjaTemplate.Parse("{{ xs | choice }}");
        var vars = new Dictionary<string, object?> { ["xs"] = new List<object?> { "a", "b", "c", "d" } };
        Assert.Equal("d", t.Render(vars, new RenderOptions { Random = new PyRandom(0) }));
    }

    [Fact]
    public void OneParsedTemplateRendersConcurrently()
    {
        var t = JinjaTemplate.Parse(
            "{% set ns = namespace(n=0) %}{% for x in xs if x %}{% set y = x | upper %}{% set ns.n = ns.n + 1 %}"
            + "{{ loop.index }}{{ y }}{{ ['a', 'b', 'c'] | choice }}{{ xs | choice }}{% endfor %}{{ ns.n }}");
        string RenderWithSeed(int seed)
        {
            var vars = PyJson.ParseObject("""{"xs": ["p", "", "q", "r"]}""");
            return t.Render(vars, new RenderOptions { Random = new PyRandom(seed) });
        }
        var expected = Enumerable.Range(0, 64).Select(RenderWithSeed).ToArray();
        var actual = new string[64];
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = RenderWithSeed(i));
        Assert.Equal(expected, actual);
        Assert.Equal(1, t.ConstantFoldedDraws);
    }
}
