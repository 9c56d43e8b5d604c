using T0Sharp.Core;
using T0Sharp.Prompts.Jinja;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Templates;

/// <summary>
/// The rendering loop behind <c>t0sharp prompts render</c>: for each example line i and each template (in the
/// order given, normally ordinal order of name) the RNG is re-seeded as Python's <c>random.seed(seed + i)</c>
/// and the template applied with truncation. An example is parsed once per line and shared by its templates,
/// so mutations of nested lists and dicts persist from one template to the next, exactly as in Python.
/// A template that raises yields a record with an error; the others go on.
/// </summary>
public static class PromptRenderer
{
    public static IEnumerable<RenderRecord> Render(IReadOnlyList<PromptTemplate> templates,
        IEnumerable<string> exampleLines, long seed = 0, string inputName = "input")
    {
        var rng = new PyRandom(seed);
        var i = 0;
        foreach (var line in exampleLines)
        {
            var example = ParseExample(line, inputName, i);
            foreach (var template in templates)
                yield return RenderSeeded(template, example, rng, seed + i, i);
            i++;
        }
    }

    /// <summary>
    /// Re-seeds <paramref name="rng"/> as Python's <c>random.seed(seed)</c> (skipped when the template cannot draw,
    /// which is unobservable), then applies the template as <see cref="RenderOne"/> does.
    /// </summary>
    public static RenderRecord RenderSeeded(PromptTemplate template, IReadOnlyDictionary<string, object?> example, PyRandom rng,
        long seed, int index)
    {
        if (template.MayDrawRandom) rng.Seed(seed);
        return RenderOne(template, example, rng, index);
    }

    /// <summary>Applies one template, turning a Python-level failure into an error record.</summary>
    public static RenderRecord RenderOne(PromptTemplate template, IReadOnlyDictionary<string, object?> example, PyRandom rng, int index)
    {
        try
        {
            var result = template.Apply(example, rng);
            return new RenderRecord(index, template.Name, template.Id, result.Parts, result.AnswerChoices, null);
        }
        catch (TemplateRenderException e)
        {
            return new RenderRecord(index, template.Name, template.Id, [], null, $"{e.PythonType}: {e.Message}");
        }
        catch (TemplateSyntaxException e)
        {
            return new RenderRecord(index, template.Name, template.Id, [], null, $"TemplateSyntaxError: {e.Description}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never let one template stop the run; keep the Python type when a Python error is wrapped.
            for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
                if (inner is PyException py) return new RenderRecord(index, template.Name, template.Id, [], null, $"{py.PythonType}: {py.Message}");
            return new RenderRecord(index, template.Name, template.Id, [], null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Parses one JSON object line into a Python-valued example (ints stay ints, floats stay floats).</summary>
    public static IReadOnlyDictionary<string, object?> ParseExample(string line, string inputName = "input", int index = 0)
    {
        try { return PyJson.ParseObject(line); }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"{inputName}: example {index} (line {index + 1} of the non-empty lines) is not a JSON object: {e.Message}", e);
        }
    }

    /// <summary>The non-blank lines of an examples file (split on '\n', as the Python reference does); strict UTF-8
    /// (<see cref="Utf8Lines"/>): bytes that are not UTF-8 are an error naming the file and line.</summary>
    public static IReadOnlyList<string> ReadExampleLines(string path) =>
        Utf8Lines.Read(path, keepCr: true).Select(l => l.Text).Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();
}
