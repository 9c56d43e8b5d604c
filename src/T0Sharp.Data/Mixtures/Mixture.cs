using T0Sharp.Data.Tasks;

namespace T0Sharp.Data.Mixtures;

/// <summary>One task of a mixture and its (unnormalized) sampling rate.</summary>
public sealed record MixtureComponent(ITask Task, double Rate);

/// <summary>
/// A seqio Mixture: tasks with rates. Sampling draws task i with probability <c>rate_i / Σ rate</c>.
/// <see cref="Warnings"/> lists what the definition asked for but the local data or template collection lacks
/// (those tasks are not in <see cref="Components"/>; nothing is dropped silently).
/// </summary>
public sealed class Mixture
{
    public Mixture(string name, IEnumerable<MixtureComponent> components, IEnumerable<string>? warnings = null)
    {
        Name = name;
        Components = components.ToList();
        Warnings = warnings?.ToList() ?? [];
        foreach (var c in Components)
            if (!(c.Rate >= 0) || double.IsInfinity(c.Rate))
                throw new ArgumentException($"mixture '{name}': task '{c.Task.Name}' has invalid rate {c.Rate}");
        var dup = Components.GroupBy(c => c.Task.Name).FirstOrDefault(g => g.Count() > 1);
        if (dup != null) throw new ArgumentException($"mixture '{name}': task '{dup.Key}' appears twice");
    }

    public string Name { get; }
    public IReadOnlyList<MixtureComponent> Components { get; }
    public IReadOnlyList<string> Warnings { get; }

    public double TotalRate => Components.Sum(c => c.Rate);

    /// <summary>The same tasks with rates raised to <c>1 / temperature</c>.</summary>
    public Mixture WithTemperature(double temperature) =>
        new(Name, Components.Select(c => c with { Rate = MixingRates.Temperature(c.Rate, temperature) }), Warnings);

    /// <summary>The same tasks with explicit rates (tasks not in <paramref name="rates"/> keep theirs).</summary>
    public Mixture WithRates(IReadOnlyDictionary<string, double> rates) =>
        new(Name, Components.Select(c => rates.TryGetValue(c.Task.Name, out var r) ? c with { Rate = r } : c), Warnings);

    /// <summary>A mixture of one task (rate 1).</summary>
    public static Mixture Single(ITask task) => new(task.Name, [new MixtureComponent(task, 1)]);
}
