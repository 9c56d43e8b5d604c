using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Scoring;
using T0Sharp.Evaluation.Suites;

namespace T0Sharp.Evaluation.Running;

/// <summary>
/// Runs a suite: for every task, template and example, renders the prompt, scores the answer choices (rank
/// classification) or generates (templates without choices), appends each batch to the run folder's
/// <c>examples.jsonl</c> and finally writes <c>results.json</c>. Re-running on the same folder resumes: items
/// already in the store are not scored again. Use <see cref="Reports.ReportWriter"/> for the human-readable reports.
/// With <see cref="EvalShards"/> of several processes the batches are spread over them and rank 0 alone writes
/// the run folder; every process returns the same results.
/// </summary>
public sealed class Evaluator(EvalModel model, IPromptedDatasetFactory data, EvaluatorOptions options, IEvalProgress? progress = null,
    EvalShards? shards = null)
{
    readonly EvalShards _shards = shards ?? EvalShards.Single;
    readonly IEvalProgress _progress = (shards?.IsPrimary ?? true) ? progress ?? NullProgress.Instance : NullProgress.Instance;

    public RunResults Run(EvalSuite suite, string outDir, CancellationToken cancel = default)
    {
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "batch size must be at least 1");
        if (options.Primary == ScoringMethod.Flipped && !model.IsEncoderDecoder)
            throw new NotSupportedException("--scoring flipped needs an encoder-decoder model (the instruction is generated from T5 sentinels)");
        if (!_shards.IsPrimary) return RunShare(suite, cancel);
        Directory.CreateDirectory(outDir);
        RunManifest.CheckOrCreate(outDir, new RunManifest { Model = model.Name, Suite = suite.Name, Limit = options.Limit, EosConvention = model.Convention.Name });
        using var store = ResultStore.Open(Path.Combine(outDir, "examples.jsonl"));
        if (store.ResumedCount > 0) _progress.Message($"resuming: {store.ResumedCount} items already scored in {store.Path}");
        var missing = new List<MissingItem>();
        var notes = new List<string>();
        var included = new HashSet<(string, string)>();
        foreach (var task in suite.Tasks)
        {
            cancel.ThrowIfCancellationRequested();
            var ds = data.Open(task, options.Limit, out var reason);
            if (ds == null)
            {
                missing.Add(new MissingItem(task.Name, reason ?? "not available"));
                _progress.Message($"[{task.Name}] missing: {reason}");
                continue;
            }
            foreach (var t in ds.Templates) included.Add((task.Name, t.Name));
            var unsupported = Metrics.GenerationMetrics.Unsupported(ds.Templates.Where(t => !t.HasAnswerChoices).SelectMany(t => t.Metrics));
            if (unsupported.Count > 0) notes.Add($"{task.Name}: metrics not computed: {string.Join(", ", unsupported)}");
            RunTask(task, ds, store, cancel);
        }
        var records = store.Records.Where(r => included.Contains((r.Dataset, r.Template)) && (options.Limit == null || r.Index < options.Limit));
        var templates = ResultAggregator.Templates(records);
        var results = new RunResults
        {
            Name = options.RunName ?? Path.GetFileName(Path.GetFullPath(outDir).TrimEnd('/')),
            Model = model.Name, Suite = suite.Name, Primary = ResultAggregator.AccKey(options.Primary), Limit = options.Limit,
            EosConvention = model.Convention.Name,
            Templates = templates,
            Datasets = ResultAggregator.Datasets(templates, suite.Tasks.Select(t => t.Name)),
            Labels = suite.Tasks.ToDictionary(t => t.Name, t => t.DisplayLabel),
            Missing = missing, Notes = notes,
        };
        results.Save(Path.Combine(outDir, "results.json"));
        return _shards.Share(results);
    }

    // The other ranks of a sharded run: the same tasks in the same order, scoring their batches, writing nothing.
    RunResults RunShare(EvalSuite suite, CancellationToken cancel)
    {
        foreach (var task in suite.Tasks)
            if (data.Open(task, options.Limit, out _) is { } ds) RunTask(task, ds, null, cancel);
        return _shards.Share(null);
    }

    void RunTask(EvalTask task, IPromptedDataset ds, ResultStore? store, CancellationToken cancel)
    {
        var pending = new List<(int T, int I)>();
        for (var t = 0; t < ds.Templates.Count && store != null; t++)
            for (var i = 0; i < ds.Count; i++)
                if (!store.Contains(task.Name, ds.Templates[t].Name, i)) pending.Add((t, i));
        pending = _shards.Agree(pending);
        var total = ds.Templates.Count * ds.Count;
        _progress.TaskStarted(task, ds.Templates.Count, total, total - pending.Count);
        var chunks = pending.Chunk(options.BatchSize).ToList();
        for (var round = 0; round < chunks.Count; round += _shards.Size)
        {
            if (_shards.Size == 1) cancel.ThrowIfCancellationRequested();
            var interrupted = cancel.IsCancellationRequested;
            var k = round + _shards.Rank;
            var mine = k < chunks.Count && !interrupted ? Score(task, ds, chunks[k]) : [];
            var gathered = _shards.Gather(mine, interrupted, out var cancelled);
            for (var r = 0; r < gathered.Count && round + r < chunks.Count; r++)
            {
                store?.Append(gathered[r]);
                _progress.Advanced(task, chunks[round + r].Length);
            }
            if (cancelled) throw new OperationCanceledException(cancel);
        }
        _progress.TaskFinished(task);
    }

    List<ExampleRecord> Score(EvalTask task, IPromptedDataset ds, (int T, int I)[] chunk)
    {
        var records = new List<ExampleRecord>();
        var rank = new List<(ExampleRecord Rec, RenderedPrompt P)>();
        var rankTemplates = new List<int>();
        var gen = new List<(ExampleRecord Rec, RenderedPrompt P)>();
        var rankConditioning = new List<Models.Adaptation.ExampleConditioning?>();
        var genConditioning = new List<Models.Adaptation.ExampleConditioning?>();
        foreach (var (t, i) in chunk)
        {
            var tmpl = ds.Templates[t];
            var key = new ExampleRecord { Dataset = task.Name, Template = tmpl.Name, Index = i, Kind = ExampleRecord.SkipKind };
            var (prompt, skip) = Render(ds, t, i);
            if (prompt == null) { records.Add(key with { Reason = skip }); continue; }
            var useRank = task.Mode == EvalMode.Rank || (task.Mode == EvalMode.Auto && prompt.Choices is { Count: > 0 });
            if (useRank)
            {
                var reason = RankSkipReason(prompt);
                if (reason != null) records.Add(key with { Reason = reason, Target = prompt.Target });
                else { rank.Add((key, prompt)); rankTemplates.Add(t); rankConditioning.Add(PromptConditioning(task, ds, t)); }
            }
            else if (model.Generator == null) records.Add(key with { Reason = "generative template, but the model has no generator" });
            else { gen.Add((key with { Metrics = tmpl.Metrics }, prompt)); genConditioning.Add(PromptConditioning(task, ds, t)); }
        }
        var ranked = ScoreRank(rank, rankConditioning).ToList();
        if (options.Primary == ScoringMethod.Flipped && ds is IFlippedPromptedDataset flippable) ranked = AddFlipped(flippable, ranked, rankTemplates);
        records.AddRange(ranked);
        records.AddRange(Generate(gen, task.MaxNewTokens, genConditioning));
        return records.OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Index).ToList();
    }

    readonly Dictionary<(string, string), Models.Adaptation.ExampleConditioning?> _promptConditioning = [];

    /// <summary>
    /// The conditioning of every example of (task, template t) for a task-conditioned adapter (null without one), from
    /// the template's first rendered inputs; computed once per prompt.
    /// </summary>
    Models.Adaptation.ExampleConditioning? PromptConditioning(EvalTask task, IPromptedDataset ds, int t)
    {
        if (model.PromptConditioning is not { } source) return null;
        var key = (task.Name, ds.Templates[t].Name);
        lock (_promptConditioning)
        {
            if (_promptConditioning.TryGetValue(key, out var known)) return known;
            var samples = new List<string>();
            for (var i = 0; i < ds.Count && samples.Count < 32; i++)
                if (Render(ds, t, i).Item1 is { } p) samples.Add(p.Input);
            return _promptConditioning[key] = source.For(task.Name, task.Dataset, task.Subset, ds.Templates[t].Name, samples);
        }
    }

    static (RenderedPrompt?, string?) Render(IPromptedDataset ds, int t, int i)
    {
        try
        {
            var p = ds.Render(t, i);
            return p == null ? (null, "template does not apply to this example") : (p, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, "render error: " + e.Message);
        }
    }

    static string? RankSkipReason(RenderedPrompt p)
    {
        if (p.Choices is not { Count: > 0 }) return "no answer choices";
        var target = Metrics.TextSplit.PythonStrip(p.Target);
        if (target.Length == 0) return "no target (unlabelled example)";
        if (!p.Choices.Contains(target)) return $"target '{target}' is not among the answer choices";
        return null;
    }

    IEnumerable<ExampleRecord> ScoreRank(List<(ExampleRecord Rec, RenderedPrompt P)> items, List<Models.Adaptation.ExampleConditioning?> conditioning)
    {
        if (items.Count == 0) return [];
        var requests = items.Select((x, k) => new ChoiceScoringRequest(
            model.EncodeInput(x.P.Input, options.MaxInputTokens),
            x.P.Choices!.Select(model.EncodeChoice).ToList(), conditioning[k])).ToList();
        var logprobs = model.Scorer.Score(requests);
        if (logprobs.Count != items.Count) throw new InvalidOperationException($"scorer returned {logprobs.Count} results for {items.Count} requests");
        return items.Select((x, k) =>
        {
            var choices = x.P.Choices!;
            if (logprobs[k].Count != choices.Count)
                throw new InvalidOperationException($"scorer returned {logprobs[k].Count} choice scores for {choices.Count} choices");
            var scores = choices.Select((c, j) => ChoiceScore.FromTokens(logprobs[k][j], c)).ToList();
            return x.Rec with
            {
                Kind = ExampleRecord.RankKind, Target = x.P.Target, Choices = choices,
                LogProbSum = scores.Select(s => s.LogProbSum).ToList(),
                TokenCounts = scores.Select(s => s.TokenCount).ToList(),
                CharCounts = scores.Select(s => s.CharCount).ToList(),
                Predicted = ScoringMethods.All.ToDictionary(m => m.Key(), m => RankDecision.Argmax(scores, m)),
            };
        }).ToList();
    }

    /// <summary>Adds Flipped Learning's scores and prediction to scored rank records (those whose template can be flipped).</summary>
    List<ExampleRecord> AddFlipped(IFlippedPromptedDataset ds, List<ExampleRecord> ranked, List<int> templates)
    {
        var flipped = new List<(int K, T0Sharp.Data.Flipped.FlippedExample F)>();
        for (var k = 0; k < ranked.Count; k++)
            if (ds.RenderFlipped(templates[k], ranked[k].Index) is { } f && ranked[k].Choices is { } c && f.Choices.SequenceEqual(c))
                flipped.Add((k, f));
        if (flipped.Count == 0) return ranked;
        var scores = FlippedScoring.Score(model, flipped.Select(x => x.F).ToList(), options.MaxInputTokens);
        for (var n = 0; n < flipped.Count; n++)
        {
            var rec = ranked[flipped[n].K];
            var predicted = new Dictionary<string, int>(rec.Predicted!) { [ScoringMethod.Flipped.Key()] = FlippedScoring.Argmax(scores[n]) };
            ranked[flipped[n].K] = rec with { FlippedLogProb = scores[n], Predicted = predicted };
        }
        return ranked;
    }

    IEnumerable<ExampleRecord> Generate(List<(ExampleRecord Rec, RenderedPrompt P)> items, int maxNewTokens, List<Models.Adaptation.ExampleConditioning?> conditioning)
    {
        if (items.Count == 0) return [];
        var inputs = items.Select(x => model.EncodeInput(x.P.Input, options.MaxInputTokens)).ToList();
        var generation = options.Generation with { MaxNewTokens = maxNewTokens };
        var outputs = conditioning.Any(c => c is not null) ? model.Generator!.Generate(inputs, generation, conditioning) : model.Generator!.Generate(inputs, generation);
        return items.Select((x, k) => x.Rec with
        {
            Kind = ExampleRecord.GenKind, Target = x.P.Target,
            Prediction = model.Tokenizer.Decode(outputs[k], skipSpecialTokens: true).Trim(),
            References = [x.P.Target.Trim()],
        }).ToList();
    }
}
