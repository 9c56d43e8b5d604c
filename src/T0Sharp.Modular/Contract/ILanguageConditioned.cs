namespace T0Sharp.Modular.Contract;

/// <summary>
/// A method that conditions on languages: it says which language ids an inference example of a task carries (its own
/// task-language table first, else the language code the evaluation names, "CODE" or "SRC&gt;TGT").
/// <see cref="ModularModel.ConditioningFor"/> puts them on <see cref="Models.Adaptation.ExampleConditioning.LanguageIds"/>.
/// </summary>
public interface ILanguageConditioned
{
    /// <summary>(source, target) language ids, or null when neither the task nor the code is known (the method then uses its unknown-language rule).</summary>
    IReadOnlyList<int>? LanguageIdsFor(string? taskName, string? language);
}
