using T0Sharp.Prompts.Jinja.Analysis;
using T0Sharp.Prompts.Jinja.Nodes;
using T0Sharp.Prompts.Jinja.Runtime;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja;

/// <summary>
/// A parsed Jinja2 template with Python value semantics, compatible with Jinja 3.1.6 under promptsource's
/// environment (no autoescape, lenient Undefined, <c>choice</c>/<c>most_frequent</c>/<c>zip</c> extras).
/// Immutable after <see cref="Parse"/>; safe to render from many threads at once.
/// </summary>
/// <remarks>
/// <para><b>Compile-time draws.</b> Jinja's optimizer constant-folds <c>choice</c> applied to a literal (e.g.
/// <c>["A", "B"] | choice</c>) while compiling, so Python draws from <c>random</c> once per compile, before any
/// render-time draw, even in branches that are never taken. <see cref="ConstantFoldedDraws"/> says how many such
/// folds a compile attempts. To reproduce Python's RNG sequence exactly, call <see cref="Compile"/> with the RNG at
/// the moment Python would compile the template (promptsource: compile the prompt, then compile and render
/// answer_choices, then render the prompt), and render the returned <see cref="CompiledTemplate"/> with the same
/// RNG. <see cref="Render"/> on this class compiles and renders in one go (like <c>Template(src).render()</c>).</para>
/// </remarks>
public sealed class JinjaTemplate
{
    readonly Stmt[] _body;
    readonly FrameLayout _rootLayout;
    readonly FoldPlan _folds;

    JinjaTemplate(string source, string? name, Stmt[] body)
    {
        Source = source;
        Name = name;
        _body = body;
        var (root, resolved) = ScopeAnalyzer.Analyze(body);
        _rootLayout = root;
        resolved.ExceptWith(["range", "namespace", "dict", "zip", "lipsum", "cycler", "joiner"]);
        UndeclaredVariables = resolved;
        _folds = FoldPlan.Build(body);
    }

    /// <summary>Parses a template. Throws <see cref="TemplateSyntaxException"/> with line, column and source line.</summary>
    public static JinjaTemplate Parse(string source, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var text = new SourceText(source, name);
        return new JinjaTemplate(source, name, Parser.Parse(text));
    }

    /// <summary>Parses a template, reporting a syntax error instead of throwing.</summary>
    public static bool TryParse(string source, out JinjaTemplate? template, out TemplateSyntaxException? error)
    {
        try
        {
            template = Parse(source);
            error = null;
            return true;
        }
        catch (TemplateSyntaxException e)
        {
            template = null;
            error = e;
            return false;
        }
    }

    /// <summary>The source text as given.</summary>
    public string Source { get; }

    /// <summary>The name given at parse time (used in error messages).</summary>
    public string? Name { get; }

    /// <summary>Variables the template reads without defining them (like <c>jinja2.meta.find_undeclared_variables</c>).</summary>
    public IReadOnlySet<string> UndeclaredVariables { get; }

    /// <summary>How many <c>choice</c> filters Jinja's optimizer tries to constant-fold per compile (each draws once).</summary>
    public int ConstantFoldedDraws => _folds.DrawCount;

    /// <summary>
    /// Takes the compile-time draws from <paramref name="random"/> (in Jinja's compile order) and returns a
    /// render-ready instance that reuses them, as a Python <c>Template</c> object does.
    /// </summary>
    public CompiledTemplate Compile(PyRandom? random)
    {
        var rng = random ?? new PyRandom(Environment.TickCount64);
        return new CompiledTemplate(this, _folds.Draw(rng));
    }

    /// <summary>
    /// Compiles (taking the compile-time draws from <see cref="RenderOptions.Random"/>) and renders with the given
    /// variables. Throws <see cref="TemplateRenderException"/> when Python would raise.
    /// </summary>
    public string Render(IReadOnlyDictionary<string, object?> variables, RenderOptions? options = null)
    {
        var rng = options?.Random;
        var folded = _folds.DrawCount == 0 ? [] : _folds.Draw(rng ?? new PyRandom(Environment.TickCount64));
        return RenderWith(variables, rng, folded, options?.MarkFields ?? false);
    }

    internal string RenderWith(IReadOnlyDictionary<string, object?> variables, PyRandom? rng, object?[] folded, bool markFields = false)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var ctx = new RenderContext(variables, rng, folded) { MarkFields = markFields };
        _rootLayout.Init(ctx.Root);
        var current = 0;
        try
        {
            foreach (var stmt in _body)
            {
                current = stmt.Offset;
                stmt.Exec(ctx);
            }
        }
        catch (PyException e)
        {
            throw TemplateRenderException.From(e, 0);
        }
        catch (StackOverflowException) { throw; }
        catch (InsufficientExecutionStackException)
        {
            throw new TemplateRenderException("RecursionError", "maximum recursion depth exceeded");
        }
        _ = current;
        return ctx.Output.ToString();
    }
}

/// <summary>A template with its compile-time draws taken; render it any number of times.</summary>
public sealed class CompiledTemplate
{
    readonly object?[] _folded;

    internal CompiledTemplate(JinjaTemplate template, object?[] folded)
    {
        Template = template;
        _folded = folded;
    }

    public JinjaTemplate Template { get; }

    /// <summary>Renders; the RNG in <paramref name="options"/> serves the render-time draws.</summary>
    public string Render(IReadOnlyDictionary<string, object?> variables, RenderOptions? options = null) =>
        Template.RenderWith(variables, options?.Random, _folded, options?.MarkFields ?? false);
}
