namespace T0Sharp.Prompts.Python;

/// <summary>Jinja's <c>namespace(...)</c> object: attributes that <c>{% set ns.x = ... %}</c> may assign.</summary>
public sealed class PyNamespace
{
    public Dictionary<string, object?> Attributes { get; } = new(StringComparer.Ordinal);
}
