using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// Beam search for one prompt as transformers defines it (BeamSearchScorer / BeamHypotheses): beams start as one
/// (the others at -1e9), each step keeps the best 2K (beam, token) candidates of log_softmax + beam score; a candidate
/// ending in EOS within the top K becomes a finished hypothesis scored sum_logprobs / generated_len ** length_penalty;
/// the search stops when it is done (early_stopping) or MaxNewTokens is reached, then open beams join the hypotheses
/// and the best one is returned (EOS appended when it is shorter than the longest allowed).
/// </summary>
internal sealed class BeamSearch
{
    readonly ILanguageModel model;
    readonly GenerationOptions o;
    readonly int? eos;
    readonly List<(double Score, int[] Tokens)> hypotheses = [];
    double worstScore = 1e9;
    bool done;

    public BeamSearch(ILanguageModel model, GenerationOptions options, int? eos)
    {
        this.model = model;
        o = options;
        this.eos = eos;
    }

    int K => o.NumBeams;

    public int[] Run(IReadOnlyList<int> prompt, ExampleConditioning? conditioning = null)
    {
        if (o.MaxNewTokens == 0) return [];
        using var session = DecodingSession.Open(model, [prompt], conditioning is null ? null : [conditioning]);
        using var scope = NewDisposeScope();
        var first = session.Start(); // (1, V)
        session.Select(zeros(K, dtype: ScalarType.Int64, device: model.Device));
        var logits = first.expand(K, -1);
        var beams = Enumerable.Range(0, K).Select(_ => Array.Empty<int>()).ToArray();
        var beamScores = new double[K];
        for (int i = 1; i < K; i++) beamScores[i] = -1e9;

        for (int generated = 1; ; generated++)
        {
            using var stepScope = NewDisposeScope();
            var scores = logits.log_softmax(-1).Plus(tensor(beamScores.Select(x => (float)x).ToArray(), device: logits.device).unsqueeze(1));
            long vocab = scores.shape[1];
            var (top, index) = scores.view(-1).topk(2 * K); // sorted, largest first
            var topScores = top.to(ScalarType.Float64).data<double>().ToArray();
            var topIndex = index.data<long>().ToArray();

            var nextBeams = new List<(double Score, int Token, int From)>(K);
            for (int rank = 0; rank < topIndex.Length && nextBeams.Count < K; rank++)
            {
                int from = (int)(topIndex[rank] / vocab), token = (int)(topIndex[rank] % vocab);
                if (eos is { } e && token == e)
                {
                    if (rank >= K) continue;
                    Add(beams[from], topScores[rank], generated);
                }
                else nextBeams.Add((topScores[rank], token, from));
            }
            done = done || IsDone(topScores.Max(), generated);

            var newBeams = nextBeams.Select(n => beams[n.From].Append(n.Token).ToArray()).ToArray();
            beamScores = nextBeams.Select(n => n.Score).ToArray();
            beams = newBeams;
            if (done || generated >= o.MaxNewTokens) break;

            var rows = tensor(nextBeams.Select(n => (long)n.From).ToArray(), device: model.Device);
            session.Select(rows);
            var fed = tensor(nextBeams.Select(n => (long)n.Token).ToArray(), device: model.Device);
            logits = session.Step(fed).MoveToOuterDisposeScope();
        }

        if (!done)
            for (int i = 0; i < K; i++) Add(beams[i], beamScores[i], beams[i].Length, includesLast: true);
        var best = hypotheses.Select((h, i) => (h, i)).OrderBy(x => x.h.Score).ThenBy(x => x.i).Last().h.Tokens;
        // Finished hypotheses are stored without their EOS (transformers stores input_ids before appending it) and get it back here.
        return finishedWithEos.Contains(best) && eos is { } end ? [.. best, end] : best;
    }

    readonly HashSet<int[]> finishedWithEos = new(ReferenceEqualityComparer.Instance);

    void Add(int[] tokens, double sumLogProbs, int generatedLength, bool includesLast = false)
    {
        var hyp = tokens.ToArray();
        if (!includesLast) finishedWithEos.Add(hyp);
        double score = sumLogProbs / Math.Pow(generatedLength, o.LengthPenalty);
        if (hypotheses.Count < K || score > worstScore)
        {
            hypotheses.Add((score, hyp));
            if (hypotheses.Count > K)
            {
                var sorted = hypotheses.Select((h, i) => (h.Score, i)).OrderBy(x => x.Score).ThenBy(x => x.i).ToList();
                hypotheses.RemoveAt(sorted[0].i);
                worstScore = sorted[1].Score;
            }
            else worstScore = Math.Min(score, worstScore);
        }
    }

    bool IsDone(double bestSumLogProbs, int generatedLength)
    {
        if (hypotheses.Count < K) return false;
        if (o.EarlyStopping) return true;
        return worstScore >= bestSumLogProbs / Math.Pow(generatedLength, o.LengthPenalty);
    }
}
