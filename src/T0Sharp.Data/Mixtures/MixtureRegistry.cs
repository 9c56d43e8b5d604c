using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures;

/// <summary>Mixtures by name (an instance, not global state); unknown names fail listing the closest.</summary>
public sealed class MixtureRegistry
{
    readonly Dictionary<string, Func<Mixture>> _factories = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _descriptions = new(StringComparer.Ordinal);

    /// <summary>Registers a mixture built on first use (resolving data and templates can be slow).</summary>
    public void Add(string name, string description, Func<Mixture> factory)
    {
        if (!_factories.TryAdd(name, factory)) throw new ArgumentException($"mixture '{name}' is already registered");
        _descriptions[name] = description;
    }

    public IReadOnlyList<string> Names => _factories.Keys.Order(StringComparer.Ordinal).ToList();

    public string Describe(string name) => _descriptions.TryGetValue(name, out var d) ? d : "";

    public bool Contains(string name) => _factories.ContainsKey(name);

    /// <summary>The mixture, or an error listing the closest mixture (and <paramref name="alsoKnown"/>) names.</summary>
    public Mixture Get(string name, IEnumerable<string>? alsoKnown = null) =>
        _factories.TryGetValue(name, out var f) ? f()
            : throw new KeyNotFoundException(TaskNames.Unknown("mixture or task", name, Names.Concat(alsoKnown ?? [])));
}
