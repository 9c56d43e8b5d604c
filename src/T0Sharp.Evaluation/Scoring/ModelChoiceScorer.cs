using T0Sharp.Models;
using T0Sharp.Models.Adaptation;

namespace T0Sharp.Evaluation.Scoring;

/// <summary>
/// <see cref="IChoiceScorer"/> over the models branch's <see cref="SequenceScorer"/>: encoder-decoder models encode
/// each input once and score all its choices in one decoder batch; decoder-only models run the input once and
/// continue its KV cache per choice. <paramref name="reuseInput"/> false gives the naive baseline (input re-encoded
/// for every choice), used by the benchmark to show the speed-up and that predictions agree. Scoring switches the
/// module to eval mode (no dropout). <paramref name="conditioning"/> reaches task-conditioned adapters with every request
/// (e.g. a Poly adapter's task id).
/// </summary>
public sealed class ModelChoiceScorer(ILanguageModel model, bool reuseInput = true, ExampleConditioning? conditioning = null,
    int? maxInputTokensPerBatch = null) : IChoiceScorer
{
    readonly SequenceScorer _scorer = new(model) { ReuseInput = reuseInput, MaxInputTokensPerBatch = maxInputTokensPerBatch };

    public IReadOnlyList<IReadOnlyList<float[]>> Score(IReadOnlyList<ChoiceScoringRequest> requests)
    {
        model.Module.eval(); // a model handed over straight from training would still have dropout on
        return _scorer.ScoreTargets(requests.Select(r => new ScoreRequest(r.InputIds, r.ChoiceIds, r.Conditioning ?? conditioning)).ToList());
    }
}

/// <summary><see cref="ITextGenerator"/> over the models branch's <see cref="Generator"/> (greedy or beam search).</summary>
public sealed class ModelTextGenerator(ILanguageModel model, int eosId, ExampleConditioning? conditioning = null) : ITextGenerator
{
    readonly Generator _generator = new(model);

    public IReadOnlyList<IReadOnlyList<int>> Generate(IReadOnlyList<IReadOnlyList<int>> inputIds, GenerationOptions options) =>
        Generate(inputIds, options, inputIds.Select(_ => (ExampleConditioning?)null).ToList());

    public IReadOnlyList<IReadOnlyList<int>> Generate(IReadOnlyList<IReadOnlyList<int>> inputIds, GenerationOptions options,
        IReadOnlyList<ExampleConditioning?> perInput)
    {
        model.Module.eval();
        var rows = perInput.Select(c => c ?? conditioning).ToList();
        var outputs = _generator.Generate(inputIds, new Models.GenerationOptions { MaxNewTokens = options.MaxNewTokens, NumBeams = options.NumBeams },
            rows.Any(c => c is not null) ? rows : null);
        return outputs.Select(o => (IReadOnlyList<int>)o.TakeWhile(id => id != eosId).ToArray()).ToList();
    }
}
