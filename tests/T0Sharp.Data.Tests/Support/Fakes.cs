using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Tests.Support;

/// <summary>A literal template: renders with a function of the example (and seed).</summary>
public sealed class FakeTemplate(string name, Func<IReadOnlyDictionary<string, object?>, long, string[]> render, bool originalTask = true,
    IReadOnlyList<string>? choices = null) : ITaskTemplate
{
    public string Name => name;
    public string? Id => null;
    public bool OriginalTask => originalTask;
    public bool HasAnswerChoices => choices != null;
    public TemplateOutput Apply(IReadOnlyDictionary<string, object?> example, long seed) => new(render(example, seed), choices);

    /// <summary>"Text: {text}" ||| "{label}" (label via ToString).</summary>
    public static FakeTemplate TextLabel(string name = "text label") =>
        new(name, (ex, _) => [$"{name}: {ex["text"]}", Convert.ToString(ex.GetValueOrDefault("label")) ?? ""]);
}

/// <summary>Templates by "dataset/subset".</summary>
public sealed class FakeTemplateProvider(Dictionary<string, ITaskTemplate[]> byDataset) : ITemplateProvider
{
    public IReadOnlyList<ITaskTemplate> ForDataset(string dataset, string? subset) =>
        byDataset.TryGetValue(subset == null ? dataset : dataset + "/" + subset, out var t) ? t : [];
}

/// <summary>A whitespace tokenizer: each word becomes 3 + (stable hash mod 997), then EOS = 1.</summary>
public sealed class FakeTokenizer : ITokenizer
{
    public int VocabSize => 1000;
    public int PadId => 0;
    public int EosId => 1;
    public int UnkId => 2;

    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true)
    {
        var ids = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => 3 + (int)(Hash(w) % 997)).ToList();
        if (addSpecialTokens) ids.Add(EosId);
        return ids;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) => string.Join(" ", ids);
    public string? IdToToken(int id) => id.ToString();

    static uint Hash(string s) { uint h = 2166136261; foreach (var c in s) { h ^= c; h *= 16777619; } return h; }
}
