using System.Text;
using T0Sharp.Prompts.Python;

namespace T0Sharp.Prompts.Jinja.Runtime;

/// <summary>The mutable state of one render: scopes, output, the RNG and the compile-time folded draws.</summary>
internal sealed class RenderContext
{
    readonly IReadOnlyDictionary<string, object?> _variables;
    Dictionary<string, object?>? _converted;

    public RenderContext(IReadOnlyDictionary<string, object?> variables, PyRandom? random, object?[] folded)
    {
        _variables = variables;
        Random = random;
        Folded = folded;
        Root = new Frame(null);
        Current = Root;
    }

    public Frame Root { get; }
    public Frame Current { get; set; }
    public StringBuilder Output { get; set; } = new();
    public PyRandom? Random { get; }

    /// <summary>Mark the output of expressions that use variables (see <see cref="RenderOptions.MarkFields"/>).</summary>
    public bool MarkFields { get; init; }
    public object?[] Folded { get; }

    /// <summary>The rendered body of the set-block whose filter is being evaluated.</summary>
    public object? BlockValue { get; set; }

    /// <summary>The RNG behind <c>choice</c> and <c>random</c>; a process-wide unseeded one if none was given.</summary>
    public PyRandom Rng => Random ?? SharedRandom.Value!;

    static readonly ThreadLocal<PyRandom> SharedRandom = new(() => new PyRandom(Environment.TickCount64));

    public object? Lookup(string name)
    {
        for (var f = Current; f != null; f = f.Parent)
        {
            if (f.TryGet(name, out var v))
                return ReferenceEquals(v, Frame.Missing) ? Undefined.ForName(name) : v;
        }
        return ResolveContext(name);
    }

    /// <summary>Jinja's <c>context.resolve</c>: render variables, then globals.</summary>
    public object? ResolveContext(string name)
    {
        if (_converted != null && _converted.TryGetValue(name, out var c)) return c;
        if (_variables.TryGetValue(name, out var raw))
        {
            var v = PyValue.FromDotNet(raw);
            // Plain .NET collections are converted once per render, so the template sees one shared object.
            if (!ReferenceEquals(v, raw)) (_converted ??= new(StringComparer.Ordinal))[name] = v;
            return v;
        }
        if (Globals.TryGet(name, out var g)) return g;
        return Undefined.ForName(name);
    }

    public void Assign(string name, object? value) => Current.Set(name, value);
}
