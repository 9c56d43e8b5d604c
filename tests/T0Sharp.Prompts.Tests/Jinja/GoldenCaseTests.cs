using System.Text.Json;
using System.Text.RegularExpressions;
using T0Sharp.Prompts.Jinja;
using T0Sharp.Prompts.Python;
using T0Sharp.Tests;

namespace T0Sharp.Prompts.Tests.Jinja;

/// <summary>
/// Every case in Golden/engine_cases.json (made by tools/reference/engine_cases.py with Python 3.11 and
/// Jinja2 3.1.6 under promptsource's environment): the exact output, or the same Python exception class.
/// </summary>
public class GoldenCaseTests
{
    internal sealed record Case(int Id, string Template, string Variables, long? Seed, string? Output, string? Error, string? Message, int? Line);

    static readonly Lazy<(Dictionary<string, string> Sets, List<Case> Cases)> Data =
        new(() => Load(TestPaths.RepoPath("tests", "T0Sharp.Prompts.Tests", "Jinja", "Golden", "engine_cases.json")));

    /// <summary>Reads a golden file in engine_cases.json's format: variable sets (raw JSON) and cases.</summary>
    internal static (Dictionary<string, string> Sets, List<Case> Cases) Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var sets = doc.RootElement.GetProperty("variable_sets").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText());
        var cases = doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("id").GetInt32(),
            c.GetProperty("template").GetString()!,
            c.GetProperty("variables").GetString()!,
            c.GetProperty("seed").ValueKind == JsonValueKind.Null ? null : c.GetProperty("seed").GetInt64(),
            c.GetProperty("output").GetString(),
            c.GetProperty("error").GetString(),
            c.GetProperty("message").GetString(),
            c.TryGetProperty("line", out var line) ? line.GetInt32() : null)).ToList();
        return (sets, cases);
    }

    public static IEnumerable<object[]> CaseIds() => Data.Value.Cases.Select(c => new object[] { c.Id });

    static readonly Regex Address = new(" at 0x[0-9a-f]+", RegexOptions.Compiled);

    /// <summary>Renders one case; returns the output or "!ErrorType".</summary>
    internal static (string? Output, string? Error, string? Message) Run(string template, Dictionary<string, object?> vars, long? seed)
    {
        try
        {
            var t = JinjaTemplate.Parse(template);
            var rng = seed is null ? null : new PyRandom(seed.Value);
            return (t.Render(vars, new RenderOptions { Random = rng }), null, null);
        }
        catch (TemplateSyntaxException e) { return (null, "TemplateSyntaxError", e.Description); }
        catch (TemplateRenderException e) { return (null, e.PythonType, e.Message); }
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void MatchesJinja(int id) => Check(Data.Value.Sets, Data.Value.Cases[id]);

    /// <summary>Asserts one case renders to Jinja's output, or fails with the same Python exception class.</summary>
    internal static void Check(Dictionary<string, string> sets, Case c)
    {
        var vars = PyJson.ParseObject(sets[c.Variables]);
        var (output, error, message) = Run(c.Template, vars, c.Seed);
        string Describe() => $"template: {c.Template}\nexpected: {(c.Error ?? "")} {c.Message ?? c.Output}\nactual:   {error} {message ?? output}";
        Assert.True(c.Error == error, Describe());
        if (c.Error == null)
            Assert.True(Address.Replace(c.Output!, " at 0x") == Address.Replace(output!, " at 0x"), Describe());
        if (c.Error == "TemplateSyntaxError")
        {
            // Syntax errors read exactly like Jinja's and point at the same line.
            Assert.Equal(c.Message, message);
            var e = Assert.Throws<TemplateSyntaxException>(() => JinjaTemplate.Parse(c.Template));
            Assert.Equal(c.Line, e.Line);
            Assert.True(e.Column >= 1);
            Assert.Equal(c.Template.Replace("\r\n", "\n").Split('\n')[e.Line - 1], e.SourceLine);
        }
    }
}
