using T0Sharp.Data.Features;

namespace T0Sharp.Data.Pretraining;

/// <summary>One objective of a mixture and its (unnormalised) rate.</summary>
public sealed record WeightedObjective(IPretrainingObjective Objective, double Rate);

/// <summary>
/// A mixture of pretraining objectives (AlexaTM's denoising + causal LM, UL2's mixture of denoisers): each chunk draws
/// one objective with probability rate / Σ rates, from the same seeded RNG that the objective then uses, so an example
/// stays a pure function of (chunk, seed). The chunk length is the smallest any component needs, so every
/// component's examples fit. Components must agree on how documents are joined and on the converter lengths.
/// </summary>
public sealed class ObjectiveMixture : IPretrainingObjective
{
    readonly WeightedObjective[] _components;
    readonly double _total;

    public ObjectiveMixture(string name, IEnumerable<WeightedObjective> components)
    {
        _components = components.ToArray();
        if (_components.Length == 0) throw new ArgumentException("a mixture of objectives needs at least one objective");
        if (_components.Any(c => !(c.Rate >= 0) || double.IsInfinity(c.Rate)))
            throw new ArgumentException("mixture rates must be finite and non-negative");
        _total = _components.Sum(c => c.Rate);
        if (_total <= 0) throw new ArgumentException("mixture rates must not all be zero");
        if (_components.Any(c => c.Objective.EosBetweenDocuments != _components[0].Objective.EosBetweenDocuments || c.Objective is CausalLm))
            throw new ArgumentException("causal LM cannot be mixed with other objectives (its examples use other feature lengths)");
        Name = name;
    }

    public string Name { get; }

    public IReadOnlyList<WeightedObjective> Components => _components;

    public string Description =>
        $"{Name}: " + string.Join(" + ", _components.Select(c =>
            (100 * c.Rate / _total).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + "% " + c.Objective.Description));

    public int ChunkLength(FeatureLengths lengths) => _components.Min(c => c.Objective.ChunkLength(lengths));

    /// <summary>The index of the component a draw of <paramref name="rng"/> picks (consumes one double).</summary>
    public int Pick(Random rng)
    {
        var x = rng.NextDouble() * _total;
        for (int i = 0; i < _components.Length; i++)
        {
            x -= _components[i].Rate;
            if (x < 0) return i;
        }
        return Array.FindLastIndex(_components, c => c.Rate > 0);
    }

    public TokenizedExample Apply(int[] chunk, Random rng) => _components[Pick(rng)].Objective.Apply(chunk, rng);
}
