using T0Sharp.Models.Bloom;
using T0Sharp.Models.T5;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>One rank-classification request: an input and the candidate targets to score against it.</summary>
public sealed record ScoreRequest(IReadOnlyList<int> InputIds, IReadOnlyList<IReadOnlyList<int>> Targets);

/// <summary>
/// Rank classification (the <c>score</c> engine): log p(target | input) per target token. Encoder-decoder models
/// encode the input once and score all targets in one decoder batch; decoder-only models run the shared prefix once
/// and continue its KV cache for every target (targets continue the input). With <see cref="ReuseInput"/> false the
/// input is re-encoded (or the prefix re-run) for every target, the naive baseline the evaluation benchmark compares.
/// </summary>
public sealed class SequenceScorer
{
    readonly ILanguageModel model;

    public SequenceScorer(ILanguageModel model) => this.model = model;

    /// <summary>Share the input's encoding / prefix cache across targets (default true). Results agree to fp32 rounding.</summary>
    public bool ReuseInput { get; init; } = true;

    /// <summary>Most targets put in one decoder batch (bounds memory for large choice sets).</summary>
    public int MaxTargetsPerBatch { get; init; } = 64;

    /// <summary>Per-token log-probabilities of each target given <paramref name="inputIds"/>.</summary>
    public IReadOnlyList<float[]> ScoreTargets(IReadOnlyList<int> inputIds, IReadOnlyList<IReadOnlyList<int>> targets) =>
        ScoreTargets([new ScoreRequest(inputIds, targets)])[0];

    /// <summary>Scores many requests (any number of targets each); results in request order.</summary>
    public IReadOnlyList<IReadOnlyList<float[]>> ScoreTargets(IReadOnlyList<ScoreRequest> requests)
    {
        using var _ = no_grad();
        var results = new List<IReadOnlyList<float[]>>(requests.Count);
        if (model is T5ForConditionalGeneration batchT5 && ReuseInput && requests.Count > 1)
        {
            // Encoder-decoder: several requests share one padded encoder batch and one decoder batch.
            var group = new List<ScoreRequest>();
            int targetsInGroup = 0;
            void Flush()
            {
                if (group.Count == 1) results.AddRange(ScoreTargetsOneByOne(group));
                else if (group.Count > 1) results.AddRange(ScoreT5Group(batchT5, group));
                group.Clear();
                targetsInGroup = 0;
            }
            foreach (var r in requests)
            {
                if (targetsInGroup + r.Targets.Count > MaxTargetsPerBatch) Flush();
                group.Add(r);
                targetsInGroup += r.Targets.Count;
            }
            Flush();
            return results;
        }
        results.AddRange(ScoreTargetsOneByOne(requests));
        return results;
    }

    List<IReadOnlyList<float[]>> ScoreTargetsOneByOne(IReadOnlyList<ScoreRequest> requests)
    {
        var results = new List<IReadOnlyList<float[]>>(requests.Count);
        foreach (var r in requests)
        {
            if (r.Targets.Count == 0) { results.Add([]); continue; }
            var scored = new List<float[]>(r.Targets.Count);
            for (int start = 0; start < r.Targets.Count; start += MaxTargetsPerBatch)
            {
                var chunk = r.Targets.Skip(start).Take(MaxTargetsPerBatch).ToList();
                scored.AddRange(model switch
                {
                    T5ForConditionalGeneration t5 => ScoreT5(t5, r.InputIds, chunk),
                    BloomForCausalLM bloom => ScoreBloom(bloom, r.InputIds, chunk),
                    _ => throw new NotSupportedException($"Scoring is not implemented for {model.GetType().Name}"),
                });
            }
            results.Add(scored);
        }
        return results;
    }

    IReadOnlyList<float[]> ScoreT5(T5ForConditionalGeneration t5, IReadOnlyList<int> input, IReadOnlyList<IReadOnlyList<int>> targets)
    {
        using var scope = NewDisposeScope();
        var device = t5.Device;
        long pad = t5.Config.PadTokenId ?? 0, start = t5.Config.DecoderStartTokenId ?? 0;
        var (inputIds, _) = DecodingSession.Pad([input], pad, left: false, device);
        if (input.Count == 0) throw new ArgumentException("The input has no tokens.");
        var encoded = ReuseInput
            ? t5.Encode(inputIds).expand(targets.Count, -1, -1) // (N, S, D): one encoding, no copy
            : cat(targets.Select(_ => t5.Encode(inputIds)).ToArray(), 0);
        // decoder input = target shifted right behind the start token; padding after a target cannot affect it (causal)
        var shifted = targets.Select(t => (IReadOnlyList<int>)[(int)start, .. t.Take(Math.Max(0, t.Count - 1))]).ToList();
        var (decoderIds, _) = DecodingSession.Pad(shifted, pad, left: false, device);
        var logits = t5.LmHead(t5.DecoderHidden(new T5DecoderInput(decoderIds, encoded)));
        return Gather(logits.log_softmax(-1), targets, offset: 0);
    }

    /// <summary>Requests encoded together (right-padded, masked); every target decodes against its own input's row.</summary>
    IEnumerable<IReadOnlyList<float[]>> ScoreT5Group(T5ForConditionalGeneration t5, IReadOnlyList<ScoreRequest> group)
    {
        if (group.Any(r => r.InputIds.Count == 0)) throw new ArgumentException("The input has no tokens.");
        using var scope = NewDisposeScope();
        var device = t5.Device;
        long pad = t5.Config.PadTokenId ?? 0, start = t5.Config.DecoderStartTokenId ?? 0;
        var (inputIds, inputMask) = DecodingSession.Pad(group.Select(r => r.InputIds).ToList(), pad, left: false, device);
        var encoded = t5.Encode(inputIds, inputMask);
        var targets = group.SelectMany(r => r.Targets).ToList();
        if (targets.Count == 0) return group.Select(_ => (IReadOnlyList<float[]>)[]).ToList();
        var rows = tensor(group.SelectMany((r, i) => Enumerable.Repeat((long)i, r.Targets.Count)).ToArray(), device: device);
        var shifted = targets.Select(t => (IReadOnlyList<int>)[(int)start, .. t.Take(Math.Max(0, t.Count - 1))]).ToList();
        var (decoderIds, _) = DecodingSession.Pad(shifted, pad, left: false, device);
        var logits = t5.LmHead(t5.DecoderHidden(new T5DecoderInput(decoderIds, encoded.index_select(0, rows), inputMask.index_select(0, rows))));
        var scored = Gather(logits.log_softmax(-1), targets, offset: 0);
        var results = new List<IReadOnlyList<float[]>>(group.Count);
        int next = 0;
        foreach (var r in group)
        {
            results.Add(scored.Skip(next).Take(r.Targets.Count).ToList());
            next += r.Targets.Count;
        }
        return results;
    }

    IReadOnlyList<float[]> ScoreBloom(BloomForCausalLM bloom, IReadOnlyList<int> input, IReadOnlyList<IReadOnlyList<int>> targets)
    {
        if (input.Count == 0) throw new ArgumentException("Decoder-only scoring needs a non-empty input: targets continue it.");
        using var scope = NewDisposeScope();
        var device = bloom.Device;
        long pad = bloom.Config.PadTokenId ?? 0;
        if (!ReuseInput)
        {
            // naive: the whole input + target, once per target
            var rows = targets.Select(t => (IReadOnlyList<int>)[.. input, .. t]).ToList();
            var (ids, mask) = DecodingSession.Pad(rows, pad, left: false, device);
            var all = bloom.ForwardLogits(new BloomInput(ids, mask)).log_softmax(-1);
            return Gather(all, targets, offset: input.Count - 1);
        }
        using var cache = bloom.NewCache();
        var (prefix, _) = DecodingSession.Pad([input], pad, left: false, device);
        var last = bloom.ForwardLogits(new BloomInput(prefix, null, cache)).select(1, -1).log_softmax(-1); // (1, V): predicts target[0]
        int width = targets.Max(t => t.Count);
        Tensor logProbs = last.unsqueeze(1).expand(targets.Count, 1, -1);
        if (width > 1)
        {
            cache.Select(zeros(targets.Count, dtype: ScalarType.Int64, device: device)); // one prefix cache row per target
            var fed = targets.Select(t => (IReadOnlyList<int>)t.Take(t.Count - 1).ToList()).ToList();
            var (ids, _) = DecodingSession.Pad(fed, pad, left: false, device);
            ids = ids.narrow(1, 0, width - 1);
            var mask = ones(targets.Count, input.Count + width - 1, dtype: ScalarType.Int64, device: device);
            var rest = bloom.ForwardLogits(new BloomInput(ids, mask, cache)).log_softmax(-1); // (N, W-1, V)
            logProbs = cat([logProbs, rest], 1);
        }
        return Gather(logProbs, targets, offset: 0);
    }

    /// <summary>log p of target token j read at position offset + j of (N, L, V) log-probs.</summary>
    static IReadOnlyList<float[]> Gather(Tensor logProbs, IReadOnlyList<IReadOnlyList<int>> targets, int offset)
    {
        int width = Math.Max(1, targets.Max(t => t.Count));
        var (ids, _) = DecodingSession.Pad(targets, 0, left: false, logProbs.device);
        ids = ids.narrow(1, 0, width);
        var positions = logProbs.narrow(1, offset, width);
        var picked = positions.gather(2, ids.unsqueeze(2)).squeeze(2).cpu().data<float>().ToArray(); // (N, W)
        return targets.Select((t, i) => picked.AsSpan(i * width, t.Count).ToArray()).ToList();
    }
}
