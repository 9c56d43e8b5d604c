using T0Sharp.Models;

namespace T0Sharp.Evaluation.Scoring;

/// <summary>
/// <see cref="IChoiceScorer"/> over the models branch's <see cref="SequenceScorer"/>: encoder-decoder models encode
/// each input once and score all its choices in one decoder batch; decoder-only models run the input once and
/// continue its KV cache per choice. <paramref name="reuseInput"/> false gives the naive baseline (input re-encoded
/// for every choice), used by the benchmark to show the speed-up and that predictions agree.
/// </summary>
public sealed class ModelChoiceScorer(ILanguageModel model, bool reuseInput = true) : IChoiceScorer
{
    readonly SequenceScorer _scorer = new(model) { ReuseInput = reuseInput };

    public IReadOnlyList<IReadOnlyList<float[]>> Score(IReadOnlyList<ChoiceScoringRequest> requests) =>
        _scorer.ScoreTargets(requests.Select(r => new ScoreRequest(r.InputIds, r.ChoiceIds)).ToList());
}

/// <summary><see cref="ITextGenerator"/> over the models branch's <see cref="Generator"/> (greedy or beam search).</summary>
public sealed class ModelTextGenerator(ILanguageModel model, int eosId) : ITextGenerator
{
    readonly Generator _generator = new(model);

    public IReadOnlyList<IReadOnlyList<int>> Generate(IReadOnlyList<IReadOnlyList<int>> inputIds, GenerationOptions options)
    {
        var outputs = _generator.Generate(inputIds, new Models.GenerationOptions { MaxNewTokens = options.MaxNewTokens, NumBeams = options.NumBeams });
        return outputs.Select(o => (IReadOnlyList<int>)o.TakeWhile(id => id != eosId).ToArray()).ToList();
    }
}
