using T0Sharp.Models.Adaptation;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>One rank-classification request: an input, the candidate targets to score against it, and what the example conditions on.</summary>
public sealed record ScoreRequest(IReadOnlyList<int> InputIds, IReadOnlyList<IReadOnlyList<int>> Targets, ExampleConditioning? Conditioning = null);

/// <summary>
/// Rank classification (the <c>score</c> engine): log p(target | input) per target token. Encoder-decoder models
/// encode the inputs of several requests in one padded batch (requests of similar input length together), once each,
/// project each input's cross-attention keys and values once, and score all their targets in one decoder batch;
/// decoder-only models run the shared prefix once and continue its KV cache for every target (targets continue
/// the input). With <see cref="ReuseInput"/> false the input is re-encoded (or the prefix re-run) for every target,
/// the naive baseline the evaluation benchmark compares. Works on any <see cref="IEncoderDecoderLM"/> or
/// <see cref="ICausalLM"/>, adapted or not; each request's conditioning reaches the model with its rows.
/// </summary>
public sealed class SequenceScorer
{
    readonly ILanguageModel model;

    public SequenceScorer(ILanguageModel model) => this.model = model;

    /// <summary>Share the input's encoding / prefix cache across targets (default true). Results agree to fp32 rounding.</summary>
    public bool ReuseInput { get; init; } = true;

    /// <summary>Most targets put in one decoder batch (bounds memory for large choice sets).</summary>
    public int MaxTargetsPerBatch { get; init; } = 64;

    /// <summary>
    /// Most encoder positions (inputs × the longest input, padding included) in one reuse batch; null = the device's
    /// default (<see cref="CpuInputTokensPerBatch"/> on CPUs, no limit beyond <see cref="MaxTargetsPerBatch"/> on GPUs);
    /// 0 = no limit. On a CPU, batches of a few hundred positions keep activations in cache: `bench eval` measured
    /// 93–137% of the ideal FLOP ratio at 256–512 against 78% unlimited (docs/evaluation.md).
    /// </summary>
    public int? MaxInputTokensPerBatch { get; init; }

    /// <summary>The CPU default of <see cref="MaxInputTokensPerBatch"/>.</summary>
    public const int CpuInputTokensPerBatch = 512;

    /// <summary>Per-token log-probabilities of each target given <paramref name="inputIds"/>.</summary>
    public IReadOnlyList<float[]> ScoreTargets(IReadOnlyList<int> inputIds, IReadOnlyList<IReadOnlyList<int>> targets, ExampleConditioning? conditioning = null) =>
        ScoreTargets([new ScoreRequest(inputIds, targets, conditioning)])[0];

    /// <summary>Scores many requests (any number of targets each); results in request order.</summary>
    public IReadOnlyList<IReadOnlyList<float[]>> ScoreTargets(IReadOnlyList<ScoreRequest> requests)
    {
        using var _ = no_grad();
        return model switch
        {
            IEncoderDecoderLM m => ScoreEncoderDecoder(m, requests),
            ICausalLM m => requests.Select(r => ScoreCausal(m, r)).ToList(),
            _ => throw new NotSupportedException($"Scoring needs an encoder-decoder or a causal language model; {model.GetType().Name} is neither."),
        };
    }

    /// <summary>A request's targets, or a slice of them when they exceed one decoder batch.</summary>
    sealed record Unit(int Request, IReadOnlyList<int> Input, IReadOnlyList<IReadOnlyList<int>> Targets, ExampleConditioning? Conditioning);

    List<IReadOnlyList<float[]>> ScoreEncoderDecoder(IEncoderDecoderLM m, IReadOnlyList<ScoreRequest> requests)
    {
        var results = requests.Select(_ => new List<float[]>()).ToList();
        var units = new List<Unit>();
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            if (r.Targets.Count > 0 && r.InputIds.Count == 0) throw new ArgumentException("The input has no tokens.");
            for (var start = 0; start < r.Targets.Count; start += MaxTargetsPerBatch)
                units.Add(new Unit(i, r.InputIds, r.Targets.Skip(start).Take(MaxTargetsPerBatch).ToList(), r.Conditioning));
        }
        // Length bucketing: inputs of similar length share an encoder batch (less padding). A stable sort keeps the
        // slices of one request together and in order; results are collected per request, so order is restored.
        if (ReuseInput) units = units.OrderBy(u => u.Input.Count).ToList();
        var cap = MaxInputTokensPerBatch ?? (m.Device.type == TorchSharp.DeviceType.CPU ? CpuInputTokensPerBatch : 0);
        var group = new List<Unit>();
        var targetsInGroup = 0;
        void Flush()
        {
            if (group.Count == 0) return;
            var scored = ReuseInput ? ScoreGroup(m, group) : ScoreNaive(m, group[0]);
            for (int u = 0, next = 0; u < group.Count; u++)
            {
                results[group[u].Request].AddRange(scored.Skip(next).Take(group[u].Targets.Count));
                next += group[u].Targets.Count;
            }
            group.Clear();
            targetsInGroup = 0;
        }
        foreach (var unit in units)
        {
            var tooLong = cap > 0 && group.Count > 0 && (group.Count + 1) * unit.Input.Count > cap; // sorted: this unit is the longest
            if (!ReuseInput || targetsInGroup + unit.Targets.Count > MaxTargetsPerBatch || tooLong) Flush();
            group.Add(unit);
            targetsInGroup += unit.Targets.Count;
        }
        Flush();
        return results.Select(r => (IReadOnlyList<float[]>)r).ToList();
    }

    /// <summary>Inputs encoded together (right-padded, masked); every target decodes against its own input's row.</summary>
    IReadOnlyList<float[]> ScoreGroup(IEncoderDecoderLM m, IReadOnlyList<Unit> group)
    {
        using var scope = NewDisposeScope();
        var device = m.Device;
        var (inputIds, inputMask) = DecodingSession.Pad(group.Select(u => u.Input).ToList(), m.PadTokenId, left: false, device);
        var padded = group.Any(u => u.Input.Count != group[0].Input.Count);
        var conditioning = ExampleConditioning.Batch(group.Select(u => u.Conditioning).ToList(), device);
        var encoded = m.Encode(new EncoderInput(inputIds, padded ? inputMask : null, Conditioning: conditioning));
        var targets = group.SelectMany(u => u.Targets).ToList();
        var rows = tensor(group.SelectMany((u, i) => Enumerable.Repeat((long)i, u.Targets.Count)).ToArray(), device: device);
        // Cross-attention keys/values once per input, then given to each of its targets (a view when there is one input).
        using var cache = m.CrossAttentionCache(encoded, conditioning);
        if (group.Count == 1) cache.ExpandRows(targets.Count);
        else cache.Select(rows);
        var mask = encoded.Mask is null ? null : group.Count == 1 ? encoded.Mask.expand(targets.Count, -1) : encoded.Mask.index_select(0, rows);
        var perTarget = new EncoderOutput(encoded.Hidden, mask); // the hidden states are read through the cache only
        return Decode(m, perTarget, conditioning?.Select(rows), targets, cache);
    }

    /// <summary>The naive baseline: the input encoded once per target.</summary>
    IReadOnlyList<float[]> ScoreNaive(IEncoderDecoderLM m, Unit unit)
    {
        using var scope = NewDisposeScope();
        var device = m.Device;
        var (inputIds, _) = DecodingSession.Pad([unit.Input], m.PadTokenId, left: false, device);
        var conditioning = ExampleConditioning.Batch([unit.Conditioning], device);
        var encodings = unit.Targets.Select(_ => m.Encode(new EncoderInput(inputIds, Conditioning: conditioning))).ToList();
        var encoded = new EncoderOutput(cat(encodings.Select(e => e.Hidden).ToArray(), 0),
            encodings[0].Mask is null ? null : cat(encodings.Select(e => e.Mask!).ToArray(), 0));
        var rows = zeros(unit.Targets.Count, dtype: ScalarType.Int64, device: device);
        return Decode(m, encoded, conditioning?.Select(rows), unit.Targets);
    }

    static IReadOnlyList<float[]> Decode(IEncoderDecoderLM m, EncoderOutput encoded, Conditioning? conditioning, IReadOnlyList<IReadOnlyList<int>> targets,
        KvCache? crossCache = null)
    {
        // decoder input = target shifted right behind the start token; padding after a target cannot affect it (causal)
        var start = (int)m.DecoderStartTokenId;
        var shifted = targets.Select(t => (IReadOnlyList<int>)[start, .. t.Take(Math.Max(0, t.Count - 1))]).ToList();
        var (decoderIds, _) = DecodingSession.Pad(shifted, m.PadTokenId, left: false, m.Device);
        var logits = m.LmHead(m.DecoderHidden(new DecoderInput(decoderIds, encoded, crossCache, conditioning)));
        return Gather(logits.log_softmax(-1), targets, offset: 0);
    }

    IReadOnlyList<float[]> ScoreCausal(ICausalLM m, ScoreRequest r)
    {
        if (r.Targets.Count == 0) return [];
        if (r.InputIds.Count == 0) throw new ArgumentException("Decoder-only scoring needs a non-empty input: targets continue it.");
        var scored = new List<float[]>(r.Targets.Count);
        for (var start = 0; start < r.Targets.Count; start += MaxTargetsPerBatch)
            scored.AddRange(ScoreCausalChunk(m, r.InputIds, r.Targets.Skip(start).Take(MaxTargetsPerBatch).ToList(), r.Conditioning));
        return scored;
    }

    IReadOnlyList<float[]> ScoreCausalChunk(ICausalLM m, IReadOnlyList<int> input, IReadOnlyList<IReadOnlyList<int>> targets, ExampleConditioning? example)
    {
        using var scope = NewDisposeScope();
        var device = m.Device;
        long pad = m.PadTokenId;
        var conditioning = ExampleConditioning.Batch([example], device);
        var perTarget = conditioning?.Select(zeros(targets.Count, dtype: ScalarType.Int64, device: device));
        if (!ReuseInput)
        {
            // naive: the whole input + target, once per target
            var rows = targets.Select(t => (IReadOnlyList<int>)[.. input, .. t]).ToList();
            var (ids, mask) = DecodingSession.Pad(rows, pad, left: false, device);
            var all = m.ForwardLogits(new CausalInput(ids, mask, Conditioning: perTarget)).log_softmax(-1);
            return Gather(all, targets, offset: input.Count - 1);
        }
        using var cache = m.NewCache();
        var (prefix, _) = DecodingSession.Pad([input], pad, left: false, device);
        var last = m.ForwardLogits(new CausalInput(prefix, null, cache, Conditioning: conditioning)).select(1, -1).log_softmax(-1); // (1, V): predicts target[0]
        int width = targets.Max(t => t.Count);
        Tensor logProbs = last.unsqueeze(1).expand(targets.Count, 1, -1);
        if (width > 1)
        {
            cache.Select(zeros(targets.Count, dtype: ScalarType.Int64, device: device)); // one prefix cache row per target
            var fed = targets.Select(t => (IReadOnlyList<int>)t.Take(t.Count - 1).ToList()).ToList();
            var (ids, _) = DecodingSession.Pad(fed, pad, left: false, device);
            ids = ids.narrow(1, 0, width - 1);
            var mask = ones(targets.Count, input.Count + width - 1, dtype: ScalarType.Int64, device: device);
            var rest = m.ForwardLogits(new CausalInput(ids, mask, cache, Conditioning: perTarget)).log_softmax(-1); // (N, W-1, V)
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
