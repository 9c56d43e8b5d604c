namespace T0Sharp.Prompts.Templates;

/// <summary>One problem found while loading or validating templates, located in its YAML file.</summary>
/// <param name="File">Path of the templates.yaml file.</param>
/// <param name="Line">1-based line in the file.</param>
/// <param name="Column">1-based column in the file.</param>
/// <param name="Message">What is wrong and, where useful, the offending source line.</param>
public sealed record TemplateProblem(string File, int Line, int Column, string Message)
{
    /// <summary>The <c>file:line:col: message</c> form printed by <c>t0sharp prompts validate</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Thrown when a templates.yaml file cannot be loaded; <see cref="Problem"/> says where and why.</summary>
public sealed class TemplateLoadException(TemplateProblem problem, Exception? inner = null)
    : T0Sharp.Core.UserError(problem.ToString(), inner)
{
    public TemplateProblem Problem { get; } = problem;
}
