using T0Sharp.Models.Adaptation;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// Text generation as transformers' generate() defines it: greedy (argmax each step, finished rows padded, stop when
/// every row produced EOS or MaxNewTokens is reached), beam search (<see cref="BeamSearch"/>), or sampling.
/// Results are the new tokens only (no decoder start token, no prompt), ending with EOS when one was produced.
/// </summary>
public sealed class Generator
{
    readonly ILanguageModel model;

    public Generator(ILanguageModel model) => this.model = model;

    /// <summary>Maximum prompts decoded together by greedy search and sampling.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Generates for every prompt; <paramref name="conditioning"/> (one per prompt, or null) reaches task-conditioned adapters.</summary>
    public IReadOnlyList<int[]> Generate(IReadOnlyList<IReadOnlyList<int>> prompts, GenerationOptions options,
        IReadOnlyList<ExampleConditioning?>? conditioning = null)
    {
        if (conditioning is not null && conditioning.Count != prompts.Count)
            throw new ArgumentException($"{conditioning.Count} conditionings for {prompts.Count} prompts.");
        options.Validate();
        var results = new List<int[]>(prompts.Count);
        using var _ = no_grad();
        if (options.NumBeams > 1)
        {
            for (var i = 0; i < prompts.Count; i++) results.Add(new BeamSearch(model, options, EosId(options)).Run(prompts[i], conditioning?[i]));
            return results;
        }
        using var generator = options.DoSample ? new torch.Generator((ulong)(options.Seed ?? Random.Shared.NextInt64()), model.Device) : null;
        for (int start = 0; start < prompts.Count; start += BatchSize)
        {
            var chunk = prompts.Skip(start).Take(BatchSize).ToList();
            results.AddRange(Batch(chunk, conditioning?.Skip(start).Take(BatchSize).ToList(), options, generator));
        }
        return results;
    }

    /// <summary>Generates for a single prompt.</summary>
    public int[] Generate(IReadOnlyList<int> prompt, GenerationOptions options, ExampleConditioning? conditioning = null) =>
        Generate([prompt], options, conditioning is null ? null : [conditioning])[0];

    int? EosId(GenerationOptions o) => o.EosTokenId ?? model.Config.EosTokenId;

    IEnumerable<int[]> Batch(IReadOnlyList<IReadOnlyList<int>> prompts, IReadOnlyList<ExampleConditioning?>? conditioning, GenerationOptions o, torch.Generator? rng)
    {
        int b = prompts.Count;
        var produced = Enumerable.Range(0, b).Select(_ => new List<int>()).ToArray();
        var finished = new bool[b];
        if (o.MaxNewTokens == 0) return produced.Select(p => p.ToArray());
        int? eos = EosId(o);
        long pad = model.Config.PadTokenId ?? eos ?? 0;
        using var session = DecodingSession.Open(model, prompts, conditioning);
        using var scope = NewDisposeScope();
        var logits = session.Start();
        for (int step = 0; ; step++)
        {
            var next = o.DoSample ? Sample(logits, o, rng!) : logits.argmax(-1);
            var ids = next.data<long>().ToArray();
            for (int i = 0; i < b; i++)
            {
                if (finished[i]) { ids[i] = pad; continue; }
                produced[i].Add((int)ids[i]);
                if (eos is { } e && ids[i] == e) finished[i] = true;
            }
            if (finished.All(f => f) || step + 1 >= o.MaxNewTokens) break;
            using var stepScope = NewDisposeScope();
            var fed = tensor(ids, device: model.Device);
            var previous = logits;
            logits = session.Step(fed).MoveToOuterDisposeScope();
            previous.Dispose();
        }
        return produced.Select(p => p.ToArray());
    }

    /// <summary>transformers' sampling warpers in order: temperature, top-k, top-p; then one multinomial draw per row.</summary>
    internal static Tensor Sample(Tensor logits, GenerationOptions o, torch.Generator rng)
    {
        using var scope = NewDisposeScope();
        var scores = logits.to(ScalarType.Float32);
        if (o.Temperature != 1.0) scores = scores.Over(o.Temperature);
        long vocab = scores.shape[^1];
        if (o.TopK > 0 && o.TopK < vocab)
        {
            var kth = scores.topk(o.TopK, -1).values.select(-1, -1).unsqueeze(-1);
            scores = scores.FillWhere(scores.lt(kth), double.NegativeInfinity);
        }
        if (o.TopP < 1.0)
        {
            var (sorted, order) = scores.sort(-1, descending: false);
            var cumulative = sorted.softmax(-1).cumsum(-1);
            var remove = cumulative.NotAbove(1 - o.TopP);
            remove.index_fill_(-1, tensor(new long[] { vocab - 1 }, device: scores.device), false); // keep at least one
            var removeInOrder = remove.scatter(-1, order, remove);
            scores = scores.FillWhere(removeInOrder, double.NegativeInfinity);
        }
        var probs = scores.softmax(-1);
        return multinomial(probs, 1, generator: rng).squeeze(-1).MoveToOuterDisposeScope();
    }
}
