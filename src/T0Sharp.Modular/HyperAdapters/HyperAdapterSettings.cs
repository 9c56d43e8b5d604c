using T0Sharp.Modular.Contract;

namespace T0Sharp.Modular.HyperAdapters;

/// <summary>
/// Hyper-adapters' hyperparameters (Baziotis et al. 2022), as written under <c>modular:</c>.
/// </summary>
/// <param name="Languages">Language codes; a language id is an index into this list.</param>
/// <param name="TaskLanguages">Per training task, its (source, target) language ids, for batches that carry task ids
/// only: from <c>task_languages</c> entries <c>"TASK=LANG"</c> (source = target) or <c>"TASK=SRC&gt;TGT"</c>.</param>
/// <param name="EmbeddingDim">e: width of each language and layer embedding (the hypernetwork reads 3·e).</param>
/// <param name="HiddenDim">d_h: the hypernetwork's hidden width; generated values are divided by √d_h (the rescaling fix).</param>
/// <param name="Bottleneck">m: the generated adapters' width.</param>
public sealed record HyperAdapterSettings(IReadOnlyList<string> Languages, IReadOnlyDictionary<string, (int Source, int Target)> TaskLanguages,
    int EmbeddingDim, int HiddenDim, int Bottleneck)
{
    public static HyperAdapterSettings Read(ModularSettings s)
    {
        var languages = s.Strings("languages").ToList();
        if (languages.Count == 0) throw s.Error("languages", "required: the language codes, e.g. [en, fr, sw] (a language id is an index into this list)");
        if (languages.Distinct(StringComparer.Ordinal).Count() != languages.Count) throw s.Error("languages", "lists a language twice");
        int Id(string code, string entry) => languages.IndexOf(code) is var i and >= 0 ? i
            : throw s.Error("task_languages", $"entry \"{entry}\": \"{code}\" is not in modular.languages ({string.Join(", ", languages)})");
        var map = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
        foreach (var entry in s.Strings("task_languages"))
        {
            var eq = entry.LastIndexOf('=');
            if (eq <= 0) throw s.Error("task_languages", $"entry \"{entry}\" must be TASK=LANG or TASK=SRC>TGT");
            var pair = entry[(eq + 1)..].Split('>');
            if (pair.Length > 2 || pair.Any(p => p.Length == 0)) throw s.Error("task_languages", $"entry \"{entry}\" must be TASK=LANG or TASK=SRC>TGT");
            var src = Id(pair[0], entry);
            if (!map.TryAdd(entry[..eq], (src, pair.Length == 2 ? Id(pair[1], entry) : src)))
                throw s.Error("task_languages", $"task \"{entry[..eq]}\" is given twice");
        }
        return new HyperAdapterSettings(languages, map, s.Int("embedding_dim", 8, min: 1), s.Int("hidden_dim", 32, min: 1), s.Int("bottleneck", 8, min: 1));
    }
}
