using T0Sharp.Data.Tokenization;
using T0Sharp.Evaluation.Running;
using T0Sharp.Evaluation.Scoring;
using T0Sharp.Evaluation.Suites;

namespace T0Sharp.Evaluation.Tests;

/// <summary>One id per character (id = char + 3), pad 0, eos 1, unk 2.</summary>
sealed class CharTokenizer : ITokenizer
{
    public int VocabSize => 70000;
    public int PadId => 0;
    public int EosId => 1;
    public int UnkId => 2;
    public IReadOnlyList<int> Encode(string text, bool addSpecialTokens = true) =>
        [.. text.Select(c => c + 3), .. addSpecialTokens ? new[] { 1 } : []];
    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = true) =>
        new(ids.Where(i => i > 2).Select(i => (char)(i - 3)).ToArray());
    public string? IdToToken(int id) => id > 2 ? ((char)(id - 3)).ToString() : null;
}

/// <summary>
/// Scores every target token -1, except tokens of the character 'Y' (-0.1): so "Yes" beats "No" under sum.
/// Records each call's batch so tests can check the batching.
/// </summary>
sealed class FakeScorer : IChoiceScorer
{
    public List<IReadOnlyList<ChoiceScoringRequest>> Calls { get; } = [];

    public IReadOnlyList<IReadOnlyList<float[]>> Score(IReadOnlyList<ChoiceScoringRequest> requests)
    {
        Calls.Add(requests);
        return requests.Select(r => (IReadOnlyList<float[]>)r.ChoiceIds
            .Select(c => c.Select(id => id == 'Y' + 3 ? -0.1f : -1f).ToArray()).ToList()).ToList();
    }
}

sealed class EchoGenerator : ITextGenerator
{
    // "generates" the input's first word
    public IReadOnlyList<IReadOnlyList<int>> Generate(IReadOnlyList<IReadOnlyList<int>> inputIds, GenerationOptions options) =>
        inputIds.Select(ids => (IReadOnlyList<int>)ids.TakeWhile(i => i != ' ' + 3 && i != 1).ToList()).ToList();
}

/// <summary>In-memory prompted dataset: rows are (input, target) and every template renders them with its choices.</summary>
sealed class FakeDataset(IReadOnlyList<TemplateInfo> templates, IReadOnlyList<(string Input, string Target)> rows,
    IReadOnlyList<string>? choices) : IPromptedDataset
{
    public int Renders;
    public IReadOnlyList<TemplateInfo> Templates => templates;
    public int Count => rows.Count;

    public RenderedPrompt? Render(int templateIndex, int exampleIndex)
    {
        Renders++;
        var (input, target) = rows[exampleIndex];
        if (input == "THROW") throw new InvalidOperationException("boom");
        if (input == "NULL") return null;
        return new RenderedPrompt($"{templates[templateIndex].Name}: {input}", target, choices);
    }
}

sealed class FakeFactory(Dictionary<string, IPromptedDataset> byTask) : IPromptedDatasetFactory
{
    public IPromptedDataset? Open(EvalTask task, int? limit, out string? missingReason)
    {
        missingReason = byTask.ContainsKey(task.Name) ? null : "data not bundled";
        return byTask.GetValueOrDefault(task.Name);
    }
}
