using T0Sharp.Prompts.Jinja;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Templates;

/// <summary>
/// One promptsource template (<c>!Template</c>): a Jinja prompt that renders to <c>input ||| target</c>, an
/// optional answer_choices expression, metadata and a free-text reference. Immutable and thread-safe: the Jinja
/// sources are parsed once, on first use, and every <see cref="Apply"/> renders with a fresh context.
/// </summary>
public sealed class PromptTemplate
{
    readonly Lazy<Parsed> truncated, plain;
    readonly Lazy<Parsed?> choices;

    internal PromptTemplate(string id, string name, string jinja, string? answerChoices, TemplateMetadata metadata,
        string reference, string dataset, string? subset, TemplateSource source)
    {
        Id = id;
        Name = name;
        Jinja = jinja;
        AnswerChoices = answerChoices;
        Metadata = metadata;
        Reference = reference;
        Dataset = dataset;
        Subset = subset;
        Source = source;
        // Only the choice and random filters (and the lipsum global) draw from the RNG; a template naming none of
        // them cannot draw, so re-seeding before it is unobservable and can be skipped.
        MayDrawRandom = new[] { jinja, answerChoices ?? "" }.Any(src =>
            src.Contains("choice", StringComparison.Ordinal) || src.Contains("random", StringComparison.Ordinal) ||
            src.Contains("lipsum", StringComparison.Ordinal));
        truncated = new(() => Parsed.Of(jinja.Replace("}}", PythonText.TruncationRewrite, StringComparison.Ordinal), name));
        plain = new(() => Parsed.Of(jinja, name));
        choices = new(() => answerChoices is null ? null : Parsed.Of(answerChoices, name + " (answer_choices)"));
    }

    /// <summary>Creates a template from its parts (for templates that do not come from a YAML file).</summary>
    public PromptTemplate(string id, string name, string jinja, string? answerChoices = null,
        TemplateMetadata? metadata = null, string reference = "")
        : this(id, name, jinja, answerChoices, metadata ?? TemplateMetadata.Empty, reference, "", null, TemplateSource.None) { }

    /// <summary>The template's uuid (its key in the YAML file).</summary>
    public string Id { get; }

    /// <summary>The name, unique within its file: the lookup key (t-zero uses names).</summary>
    public string Name { get; }

    /// <summary>The Jinja source of the prompt, as written in the YAML (before the truncation rewrite).</summary>
    public string Jinja { get; }

    /// <summary>The answer_choices Jinja source (renders to a "|||"-separated list), or null.</summary>
    public string? AnswerChoices { get; }

    public TemplateMetadata Metadata { get; }
    public string Reference { get; }
    public string Dataset { get; }
    public string? Subset { get; }
    internal TemplateSource Source { get; }

    /// <summary>False when the template cannot draw random numbers (no choice/random filter, no lipsum).</summary>
    public bool MayDrawRandom { get; }

    /// <summary>
    /// Renders the example as promptsource's <c>Template.apply(example, truncate)</c> does: the prompt is
    /// compiled first (Jinja's compile-time <c>choice</c> draws come from <paramref name="rng"/> at that point),
    /// top-level string fields get "|||" protected, an <c>answer_choices</c> key is rejected, the answer choices
    /// are rendered, then the prompt; its output is split on "|||", un-protected and stripped.
    /// With <paramref name="truncate"/> every <c>}}</c> is rewritten to <c> | string | truncate(2048) }}</c>.
    /// Python errors raised while rendering surface as <see cref="TemplateRenderException"/>; syntax errors as
    /// <see cref="TemplateSyntaxException"/>. Mutations of nested lists and dicts persist in the example, as in Python.
    /// </summary>
    public PromptResult Apply(IReadOnlyDictionary<string, object?> example, PyRandom rng, bool truncate = true) =>
        Apply(example, rng, truncate, markFields: false);

    /// <summary>
    /// <see cref="Apply(IReadOnlyDictionary{string, object?}, PyRandom, bool)"/> with the output of every expression
    /// that uses a variable wrapped in <see cref="RenderOptions.FieldStart"/> … <see cref="RenderOptions.FieldEnd"/>
    /// (see <see cref="RenderOptions.MarkFields"/>): what lies outside the marks is the template's own text. The parts
    /// are split and stripped as in Apply (a mark is not whitespace, so whitespace inside a field at either end stays).
    /// With the same <paramref name="rng"/> state it draws exactly what Apply draws.
    /// </summary>
    public PromptResult ApplyMarked(IReadOnlyDictionary<string, object?> example, PyRandom rng, bool truncate = true) =>
        Apply(example, rng, truncate, markFields: true);

    PromptResult Apply(IReadOnlyDictionary<string, object?> example, PyRandom rng, bool truncate, bool markFields)
    {
        var prompt = (truncate ? truncated : plain).Value.Template.Compile(rng);
        var vars = Protect(example, extra: 1);
        if (example.ContainsKey("answer_choices"))
            throw new TemplateRenderException("ValueError", "Example contains the restricted key 'answer_choices'.");
        var answerChoices = RenderChoices(vars, rng);
        vars["answer_choices"] = answerChoices is null ? null : new PyList(answerChoices);
        var rendered = prompt.Render(vars, new RenderOptions { Random = rng, MarkFields = markFields });
        var parts = rendered.Split(PythonText.Separator);
        for (var i = 0; i < parts.Length; i++) parts[i] = PythonText.Strip(PythonText.Unprotect(parts[i]));
        return new PromptResult(parts, answerChoices);
    }

    /// <summary>promptsource's <c>get_answer_choices_list(example)</c>: the rendered choices, or null.</summary>
    public IReadOnlyList<string>? GetAnswerChoices(IReadOnlyDictionary<string, object?> example, PyRandom rng) =>
        RenderChoices(Protect(example, extra: 0), rng);

    /// <summary>
    /// promptsource's <c>get_fixed_answer_choices_list()</c>: when the answer_choices expression uses no
    /// variables, its choices rendered with an empty context (split and stripped); otherwise null.
    /// </summary>
    public IReadOnlyList<string>? GetFixedAnswerChoices()
    {
        if (choices.Value?.Template is not { } t || t.UndeclaredVariables.Count > 0) return null;
        var rng = new PyRandom(0);
        var rendered = t.Render(new Dictionary<string, object?>(), new RenderOptions { Random = rng });
        return rendered.Split(PythonText.Separator).Select(PythonText.Strip).ToArray();
    }

    IReadOnlyList<string>? RenderChoices(Dictionary<string, object?> protectedExample, PyRandom rng)
    {
        if (choices.Value?.Template is not { } t) return null;
        var rendered = t.Render(protectedExample, new RenderOptions { Random = rng });  // compiles (draws) then renders
        var list = rendered.Split(PythonText.Separator);
        for (var i = 0; i < list.Length; i++) list[i] = PythonText.Unprotect(PythonText.Strip(list[i]));
        return list;
    }

    /// <summary>A shallow copy of the example with "|||" protected in top-level strings (nested values shared).</summary>
    static Dictionary<string, object?> Protect(IReadOnlyDictionary<string, object?> example, int extra)
    {
        var vars = new Dictionary<string, object?>(example.Count + extra, StringComparer.Ordinal);
        foreach (var (key, value) in example) vars[key] = value is string s ? PythonText.Protect(s) : value;
        return vars;
    }

    /// <summary>Syntax problems of the prompt (after the truncation rewrite) and the answer_choices, located in the file.</summary>
    internal IEnumerable<TemplateProblem> Validate()
    {
        if (plain.Value.Error is { } e) yield return Locate(e, Source.Jinja, "jinja");
        else if (truncated.Value.Error is { } t) yield return Locate(t, Source.Jinja, "jinja (after the '}}' truncation rewrite)");
        if (choices.Value?.Error is { } c && Source.AnswerChoices is { } span) yield return Locate(c, span, "answer_choices");
    }

    TemplateProblem Locate(TemplateSyntaxException e, ScalarSpan span, string field)
    {
        var where = $"template '{Name}' {field}";
        var offending = string.IsNullOrEmpty(e.SourceLine) ? "" : $"\n    {e.SourceLine}";
        // A one-line scalar maps column for column (past its opening quote); otherwise point at the scalar.
        if (e.Line == 1 && span.EndLine == span.Line)
        {
            var quote = span.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted ? 1 : 0;
            return new(Source.File, span.Line, span.Column + quote + Math.Max(0, e.Column - 1), $"{where}: {e.Description}{offending}");
        }
        return new(Source.File, span.Line, span.Column,
            $"{where} (line {e.Line}, column {e.Column} of the template): {e.Description}{offending}");
    }

    /// <summary>A parsed template, or the syntax error to raise when it is used.</summary>
    sealed record Parsed(JinjaTemplate? Parsed_, TemplateSyntaxException? Error)
    {
        /// <summary>The template, or a fresh copy of its syntax error (a shared exception object must not be rethrown).</summary>
        public JinjaTemplate Template => Parsed_ ??
            throw new TemplateSyntaxException(Error!.Description, Error.Line, Error.Column, Error.SourceLine, Error.TemplateName);

        public static Parsed Of(string source, string name)
        {
            try { return new(JinjaTemplate.Parse(source, name), null); }
            catch (TemplateSyntaxException e) { return new(null, e); }
        }
    }

    public override string ToString() => $"{Name} ({Id})";
}
