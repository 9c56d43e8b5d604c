using T0Sharp.Core;
using T0Sharp.Distributed;
using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Data.Tokenization;
using T0Sharp.Evaluation.Reports;
using T0Sharp.Evaluation.Results;
using T0Sharp.Evaluation.Suites;

namespace T0Sharp.Evaluation.Running;

/// <summary>Everything <c>t0sharp eval</c> needs, as plain values (library callers fill it the same way).</summary>
public sealed record EvalRunRequest
{
    public required string ModelDir { get; init; }
    public required string OutDir { get; init; }
    /// <summary>Suite name or YAML path (<see cref="SuiteCatalog.Get"/>).</summary>
    public string Suite { get; init; } = "t0";
    /// <summary>Restrict to these task names; ids like "super_glue/boolq" not in the suite become ad-hoc tasks.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = [];
    public string? TemplatesDir { get; init; }
    public string? DataDir { get; init; }
    public string? TokenizerPath { get; init; }
    public string Device { get; init; } = "cpu";
    /// <summary>Compute dtype: float32, bfloat16 or float16 (BLOOM only).</summary>
    public string Dtype { get; init; } = "float32";
    /// <summary>Torch intra-op threads; 0 keeps torch's default, or shares the machine's cores among the processes of an mpiexec/srun launch.</summary>
    public int Threads { get; init; }
    public bool AllTemplates { get; init; }
    /// <summary>Where EOS goes on inputs and choices; null picks the model family's default (t-zero's for T0/mT0).</summary>
    public T0Sharp.Data.Features.EosConvention? Eos { get; init; }
    public EvaluatorOptions Options { get; init; } = new();
    /// <summary>
    /// Attaches an adapter to the loaded base model before evaluating (the CLI's --adapter); its label joins the model's
    /// name in the run's results, so that comparisons show base and adapted runs apart.
    /// </summary>
    public Func<ILanguageModel, ITokenizer, EvalAdapter>? Adapter { get; init; }
}

/// <summary>
/// An adapter attached for an evaluation run: its label, the conditioning every request carries, and what to dispose
/// after; <see cref="PerPrompt"/> gives task-conditioned adapters each prompt's own conditioning instead.
/// </summary>
public sealed record EvalAdapter(string Label, ExampleConditioning? Conditioning = null, IDisposable? Owner = null)
{
    public IPromptConditioning? PerPrompt { get; init; }
}

/// <summary>
/// What every example of one prompt (a suite task rendered with one template) carries for a task-conditioned adapter:
/// its task id and instruction (see docs/modular.md). <paramref name="sampleInputs"/> are the first rendered inputs of
/// that prompt (up to 32), from which the instruction of a template the adapter never saw is inferred.
/// </summary>
public interface IPromptConditioning
{
    ExampleConditioning? For(string task, string dataset, string? subset, string template, IReadOnlyList<string> sampleInputs);
}

/// <summary>
/// The recipe behind <c>t0sharp eval</c>: suite → model → data → evaluate → reports. Started by mpiexec/srun,
/// the processes share the batches (<see cref="EvalShards"/>; each takes its own GPU for device cuda) and rank 0
/// writes the run folder.
/// </summary>
public static class EvalRun
{
    /// <param name="group">The processes evaluating together; null joins the launch found in the environment.</param>
    public static RunResults Execute(EvalRunRequest request, IEvalProgress progress, CancellationToken cancel = default, IProcessGroup? group = null)
    {
        var suite = ResolveSuite(request);
        var launch = LaunchEnvironment.Detect();
        // Evaluation exchanges only host values (work lists and records): MPI whatever the device.
        using var owned = group is null ? ProcessGroups.Create("mpi", request.Device, ProcessGroups.DefaultTimeout, launch) : null;
        group ??= owned!;
        try { return Evaluate(request, progress, suite, group, launch, cancel); }
        catch (Exception e) when (group.Size > 1 && e is not OperationCanceledException)
        {
            group.MarkFailed(); // the others may be blocked in a collective: do not wait for them on the way out
            throw;
        }
    }

    static RunResults Evaluate(EvalRunRequest request, IEvalProgress progress, EvalSuite suite, IProcessGroup group, LaunchEnvironment launch,
        CancellationToken cancel)
    {
        var device = group.Size > 1 && request.Device == "cuda" ? $"cuda:{launch.LocalRank}" : request.Device;
        var threads = request.Threads > 0 ? request.Threads : launch.LocalSize > 1 ? Math.Max(1, Environment.ProcessorCount / launch.LocalSize) : 0;
        if (threads > 0) TorchSharp.torch.set_num_threads(threads);
        using var model = ModelLoader.Load(request.ModelDir, request.TokenizerPath, device, request.Eos, request.Dtype);
        if (group.Rank == 0) progress.Message($"EOS convention: {model.Model.Convention.Name} ({model.Model.Convention.Summary}; {model.EosReason})");
        var evalModel = model.Model;
        var adapter = request.Adapter?.Invoke(model.LanguageModel, model.Model.Tokenizer);
        using var owner = adapter?.Owner;
        if (adapter is not null)
        {
            evalModel = ModelLoader.Wrap(model.LanguageModel, evalModel.Tokenizer, $"{evalModel.Name} + {adapter.Label}", eos: evalModel.Eos, conditioning: adapter.Conditioning)
                with { PromptConditioning = adapter.PerPrompt };
            if (group.Rank == 0) progress.Message($"adapter: {adapter.Label}");
        }
        var data = new PromptedDatasetFactory(PromptsourceTemplates.Load(request.TemplatesDir ?? suite.DefaultTemplates ?? BuiltInAssets.PromptTemplates), request.DataDir ?? BuiltInAssets.Datasets);
        var results = new Evaluator(evalModel, data, request.Options, progress, new EvalShards(group)).Run(suite, request.OutDir, cancel);
        if (group.Rank == 0) ReportWriter.WriteAll(results, request.OutDir);
        return results;
    }

    public static EvalSuite ResolveSuite(EvalRunRequest request)
    {
        var suite = SuiteCatalog.Get(request.Suite);
        if (request.AllTemplates) suite = suite.WithAllTemplates();
        if (request.Tasks.Count == 0) return suite;
        var known = request.Tasks.Where(t => suite.Tasks.Any(x => x.Name == t || x.HfId == t)).ToList();
        var adHoc = request.Tasks.Except(known).Where(t => t.Contains('/') || Directory.Exists(Path.Combine(request.DataDir ?? BuiltInAssets.Datasets, t))).ToList();
        var unknown = request.Tasks.Except(known).Except(adHoc).ToList();
        if (unknown.Count > 0) suite.Only(unknown); // throws, listing the suite's tasks
        var tasks = suite.Only(known).Tasks.ToList();
        foreach (var id in adHoc)
        {
            var parts = id.Split(':', 2);
            var slash = parts[0].IndexOf('/');
            tasks.Add(new EvalTask
            {
                Name = parts[0].Replace('/', '_'), Dataset = slash < 0 ? parts[0] : parts[0][..slash],
                Subset = slash < 0 ? null : parts[0][(slash + 1)..], Split = parts.Length > 1 ? parts[1] : "validation",
                OriginalTaskOnly = !request.AllTemplates,
            });
        }
        return suite with { Tasks = tasks };
    }
}
