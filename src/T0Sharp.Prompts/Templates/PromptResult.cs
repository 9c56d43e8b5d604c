namespace T0Sharp.Prompts.Templates;

/// <summary>
/// The result of <see cref="PromptTemplate.Apply"/>: the rendered output split on <c>|||</c> and stripped
/// (usually [input, target]; [""] when a guarding <c>{% if %}</c> rendered nothing; sometimes 3 or more parts),
/// and the rendered answer choices (null when the template has no answer_choices expression).
/// </summary>
public sealed record PromptResult(IReadOnlyList<string> Parts, IReadOnlyList<string>? AnswerChoices);
