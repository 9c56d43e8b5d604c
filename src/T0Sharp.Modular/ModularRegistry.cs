using T0Sharp.Modular.Contract;

namespace T0Sharp.Modular;

/// <summary>
/// The modular methods a run can choose by name (<c>modular.method</c> in a training config, <c>"method"</c> in
/// modular_config.json). An instance, not a static: <see cref="CreateDefault"/> holds the built-in methods and a
/// caller may add its own (<see cref="Register"/>).
/// </summary>
public sealed class ModularRegistry
{
    readonly Dictionary<string, IModularMethodFactory> _factories = new(StringComparer.Ordinal);

    /// <summary>Every built-in method: ATTEMPT, SPT, HyperPrompt (and those other helpers add here).</summary>
    public static ModularRegistry CreateDefault()
    {
        var r = new ModularRegistry();
        r.Register(new Attempt.AttemptFactory());
        r.Register(new Spt.SptFactory());
        r.Register(new HyperPrompt.HyperPromptFactory());
        return r;
    }

    public IReadOnlyCollection<IModularMethodFactory> All => _factories.Values;

    public ModularRegistry Register(IModularMethodFactory factory)
    {
        if (!_factories.TryAdd(factory.Name, factory)) throw new ArgumentException($"a modular method named '{factory.Name}' is already registered");
        return this;
    }

    /// <summary>The factory of <paramref name="name"/>; an unknown name is an error listing the closest known ones.</summary>
    public IModularMethodFactory Get(string name, string source) => _factories.TryGetValue(name, out var f) ? f
        : throw new InvalidDataException($"{source}: {T0Sharp.Data.Tasks.TaskNames.Unknown("modular method", name, _factories.Keys)}");
}
