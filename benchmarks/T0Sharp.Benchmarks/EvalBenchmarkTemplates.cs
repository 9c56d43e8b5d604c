using T0Sharp.Data.Tasks;
using T0Sharp.Evaluation.Running;

namespace T0Sharp.Benchmarks;

/// <summary>
/// Literal C# versions of one original-task T0 template per benchmark dataset (same wording as promptsource's
/// "GPT-3 style" for CB/RTE, "best_option" for COPA and "complete_first_then" for HellaSwag), so the benchmark's
/// input and choice lengths are realistic without depending on the template engine.
/// </summary>
static class EvalBenchmarkTemplates
{
    sealed class Literal(string name, Func<IReadOnlyDictionary<string, object?>, (string Input, string[] Choices, int Label)> render) : ITaskTemplate
    {
        public string Name => name;
        public string? Id => null;
        public bool OriginalTask => true;

        public TemplateOutput Apply(IReadOnlyDictionary<string, object?> ex, long seed)
        {
            var (input, choices, label) = render(ex);
            return new TemplateOutput([input, label >= 0 ? choices[label] : ""], choices);
        }
    }

    sealed class Source(EvalTemplate t) : IEvalTemplateSource
    {
        public IReadOnlyList<EvalTemplate> ForDataset(string dataset, string? subset) => [t];
    }

    static string S(IReadOnlyDictionary<string, object?> ex, string key) => ex[key]?.ToString() ?? "";
    static int L(IReadOnlyDictionary<string, object?> ex, string key) => int.Parse(S(ex, key));

    static EvalTemplate E(string name, Func<IReadOnlyDictionary<string, object?>, (string, string[], int)> f) =>
        new(new TemplateInfo(name, name, true, ["Accuracy"], true), new Literal(name, f));

    /// <summary>(task key, dataset, subset, template source) for CB, RTE, COPA and HellaSwag.</summary>
    public static IReadOnlyList<(string Key, string Dataset, string? Subset, IEvalTemplateSource Templates)> All { get; } =
    [
        ("cb", "super_glue", "cb", new Source(E("GPT-3 style", ex =>
            ($"{S(ex, "premise")}\nQuestion: {S(ex, "hypothesis")} True, False, or Neither?", ["True", "False", "Neither"], L(ex, "label"))))),
        ("rte", "super_glue", "rte", new Source(E("GPT-3 style", ex =>
            ($"{S(ex, "premise")}\nQuestion: {S(ex, "hypothesis")} True or False?", ["True", "False"], L(ex, "label"))))),
        ("copa", "super_glue", "copa", new Source(E("best_option", ex =>
            ($"{S(ex, "premise")} \n\nWhat's the best option?\n- {S(ex, "choice1")}\n- {S(ex, "choice2")}\n\nWe are looking for " +
             (S(ex, "question") == "cause" ? "a cause" : "an effect"), [S(ex, "choice1"), S(ex, "choice2")], L(ex, "label"))))),
        ("hellaswag", "hellaswag", null, new Source(E("complete_first_then", ex =>
        {
            var endings = ((IEnumerable<object?>)ex["endings"]!).Select(e => e?.ToString() ?? "").ToArray();
            var input = $"Complete the description with an appropriate ending:\nFirst, {S(ex, "ctx_a")} Then, {S(ex, "ctx_b")} ...\n\n" +
                        string.Join("\n\n", endings.Select((e, i) => $"({(char)('a' + i)}) {e}"));
            return (input, endings, L(ex, "label"));
        }))),
    ];
}
