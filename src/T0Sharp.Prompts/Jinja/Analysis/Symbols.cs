namespace T0Sharp.Prompts.Jinja.Analysis;

/// <summary>How a frame initialises a name on entry (Jinja's <c>VAR_LOAD_*</c>).</summary>
internal enum LoadKind { Parameter, Resolve, Alias, Undefined }

/// <summary>A port of Jinja's <c>idtracking.Symbols</c>: the names a frame loads, stores and declares.</summary>
internal sealed class Symbols(Symbols? parent)
{
    public Symbols? Parent { get; } = parent;
    public Dictionary<string, LoadKind> Refs { get; private init; } = new(StringComparer.Ordinal);
    public HashSet<string> Stores { get; private init; } = new(StringComparer.Ordinal);

    public bool FindRef(string name) => Refs.ContainsKey(name) || (Parent?.FindRef(name) ?? false);

    public void Load(string name)
    {
        if (!FindRef(name)) Refs[name] = LoadKind.Resolve;
    }

    public void Store(string name)
    {
        Stores.Add(name);
        if (Refs.ContainsKey(name)) return;
        Refs[name] = Parent != null && Parent.FindRef(name) ? LoadKind.Alias : LoadKind.Undefined;
    }

    public void DeclareParameter(string name)
    {
        Stores.Add(name);
        Refs[name] = LoadKind.Parameter;
    }

    public Symbols Copy() => new(Parent)
    {
        Refs = new Dictionary<string, LoadKind>(Refs, StringComparer.Ordinal),
        Stores = new HashSet<string>(Stores, StringComparer.Ordinal),
    };

    /// <summary>Jinja's <c>branch_update</c>: a name stored in only some if-branches falls back to its outer value.</summary>
    public void BranchUpdate(IReadOnlyList<Symbols> branches)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var b in branches)
            foreach (var t in b.Stores)
                if (!Stores.Contains(t)) counts[t] = counts.GetValueOrDefault(t) + 1;
        foreach (var b in branches)
        {
            foreach (var kv in b.Refs) Refs[kv.Key] = kv.Value;
            Stores.UnionWith(b.Stores);
        }
        foreach (var (name, count) in counts)
        {
            if (count == branches.Count) continue;
            Refs[name] = Parent != null && Parent.FindRef(name) ? LoadKind.Alias : LoadKind.Resolve;
        }
    }

    public string[] UndefinedOnEntry() =>
        Refs.Where(kv => kv.Value == LoadKind.Undefined).Select(kv => kv.Key).ToArray();
}
