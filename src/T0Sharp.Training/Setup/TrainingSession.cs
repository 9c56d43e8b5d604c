using T0Sharp.Distributed;
using T0Sharp.Training.Checkpoints;
using T0Sharp.Training.Distributed;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Progress;

namespace T0Sharp.Training.Setup;

/// <summary>
/// A whole run from options, as the CLI does it: find the checkpoint to resume (if asked), load the tokenizer,
/// get the model (checkpoint, init_from or scratch), build the data, then train with progress shown.
/// Started by mpiexec/srun, it first joins the other processes (<see cref="ProcessGroups"/>): each takes its
/// share of the machine's cores (when run.threads is 0) or its own GPU (cuda → cuda:LOCAL_RANK), and only rank 0
/// shows progress.
/// </summary>
public static class TrainingSession
{
    /// <summary>
    /// Resolves <c>--resume [DIR]</c>: "latest" (or empty) means the newest intact checkpoint under run.output_dir — a
    /// newer one whose files are damaged (<see cref="CheckpointIntegrity"/>) is skipped with a warning on stderr. A
    /// damaged DIR given explicitly is an error that names the file and the newest intact checkpoint.
    /// </summary>
    public static string? ResolveResume(TrainOptions o, string? resume) => ResolveResume(o.Run.OutputDir, resume);

    /// <inheritdoc cref="ResolveResume(TrainOptions, string?)"/>
    public static string? ResolveResume(string outputDir, string? resume, Action<string>? warn = null)
    {
        if (resume is null) return null;
        warn ??= m => Console.Error.WriteLine("warning: " + m);
        var manager = new CheckpointManager(outputDir, 0);
        if (resume is "" or "latest")
        {
            var all = manager.List();
            if (all.Count == 0) throw new OptionsException($"--resume: no complete checkpoint under {manager.Root}");
            for (var i = all.Count - 1; i >= 0; i--)
            {
                if (CheckpointIntegrity.Problem(all[i].Path) is not { } problem) return all[i].Path;
                warn($"--resume: skipping {all[i].Path}: {problem}" + (i > 0 ? $"; trying the previous checkpoint ({Path.GetFileName(all[i - 1].Path)})" : ""));
            }
            throw new OptionsException($"--resume: every checkpoint under {manager.Root} is damaged (see the warnings above)");
        }
        if (!Directory.Exists(resume)) throw new OptionsException($"--resume {resume}: no such folder");
        if (CheckpointIntegrity.Problem(resume) is { } damaged)
        {
            var intact = manager.List().Reverse().Select(c => c.Path).FirstOrDefault(p => CheckpointIntegrity.Problem(p) is null);
            throw new OptionsException($"--resume {resume}: not a usable checkpoint: {damaged}" +
                (intact is null ? "" : $"; the newest intact checkpoint is {intact}"));
        }
        return resume;
    }

    /// <param name="adapters">Builds the adapter of a config with a <c>peft:</c> or <c>modular:</c> section (null: the PEFT factory
    /// for a peft: section, the <see cref="ModularAdapterFactory"/> with the built-in methods for a modular: section); such a run trains only the adapter, and its checkpoints hold only the adapter.</param>
    /// <param name="group">The processes training together; null joins the launch found in the environment.</param>
    public static TrainingResult Run(TrainOptions o, string? resume = null, CancellationToken cancellation = default,
        Action<Trainer>? observe = null, DataSetup.MixtureFactory? mixtures = null, IAdapterFactory? adapters = null, IProcessGroup? group = null,
        IProgressDisplay? display = null)
    {
        var launch = LaunchEnvironment.Detect();
        var resumeDir = ResolveResume(o, resume);
        DataParallel.CheckBatch(o.Data, group?.Size ?? launch.Size); // before MPI starts: a clean configuration error
        using var owned = group is null ? ProcessGroups.Create(o.Distributed.Backend, o.Run.Device, WatchdogTimeout(o), launch) : null;
        group ??= owned!;
        try { return Train(o, resumeDir, cancellation, observe, mixtures, adapters, group, launch, display); }
        catch (Exception e) when (group.Size > 1 && e is not TrainingDivergedException) // divergence is seen by all: they finalize
        {
            group.MarkFailed(); // the others may be blocked in a collective: do not wait for them on the way out
            throw;
        }
    }

    static TrainingResult Train(TrainOptions o, string? resumeDir, CancellationToken cancellation, Action<Trainer>? observe,
        DataSetup.MixtureFactory? mixtures, IAdapterFactory? adapters, IProcessGroup group, LaunchEnvironment launch, IProgressDisplay? display)
    {
        var threads = o.Run.Threads > 0 ? o.Run.Threads : launch.LocalSize > 1 ? Math.Max(1, Environment.ProcessorCount / launch.LocalSize) : 0;
        if (threads > 0) TorchSharp.torch.set_num_threads(threads);
        var adapterRun = !o.Peft.IsEmpty || !o.Modular.IsEmpty;
        // An adapter run's checkpoints hold the adapter only: the base comes from model.init_from again.
        var modelDir = resumeDir is null ? null : Path.Combine(resumeDir, adapterRun ? CheckpointIo.AdapterDir : CheckpointIo.ModelDir);
        var (tokenizer, tokenizerPath) = DataSetup.LoadTokenizer(o, modelDir);
        using var model = ModelSetup.Create(WithProcessDevice(o, group, launch), adapterRun ? null : modelDir, RoundUp(tokenizer.VocabSize, 128));
        model.Tokenizer = (tokenizer, tokenizerPath);
        if (tokenizer.VocabSize > model.Model.Config.VocabSize)
        {
            var source = modelDir is not null && !adapterRun ? $"the checkpoint's model ({modelDir})"
                : o.Model.InitFrom is { } init ? $"model.init_from ({init})" : o.Model.Config is { } cfg ? $"model.config ({cfg})" : "the model";
            throw new OptionsException($"the tokenizer {tokenizerPath} has {tokenizer.VocabSize} ids but {source} has vocab_size {model.Model.Config.VocabSize}: " +
                "ids past the embedding table cannot be trained. Set data.tokenizer to the model's own tokenizer (or put it in the model folder).");
        }
        var data = DataSetup.Build(o, tokenizer, tokenizerPath, !model.IsEncoderDecoder, mixtures);
        if (adapterRun)
            model.Adapter = (adapters ?? (o.Modular.IsEmpty ? new PeftAdapterFactory(t => tokenizer.Encode(t)) : new ModularAdapterFactory(t => tokenizer.Encode(t))))
                .Create(model.Model, o, data.TaskNames)
                ?? throw new OptionsException("the peft/modular section describes no adapter");
        var trainableNote = TrainableSetup.Apply(model, o, adapterRun);
        using var trainer = new Trainer(o, model, data.Train, data.Validation, group: group);
        observe?.Invoke(trainer);
        var parameters = model.Module.parameters().Sum(p => p.numel());
        var trainable = model.Module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        var layout = group.Size > 1 ? $"; {group.Size} processes ({group.Backend})" : "";
        return TrainingProgress.Show(trainer, trainer.Gate.IsPrimary ? o.Logging.Progress : ProgressMode.None, () =>
        {
            var what = model.Adapter is { } a ? $"{a.Description}; {trainable:N0} of {parameters:N0} parameters train"
                : trainableNote is { } note ? $"{note}; {trainable:N0} of {parameters:N0} parameters train" : $"{parameters:N0} parameters";
            trainer.Gate.OnPrimary(() => Console.WriteLine(
                $"model: {model.Model.Config.ModelType}, {what}; data: {data.Description}; tokenizer: {tokenizerPath}{layout}"));
            return trainer.Run(resumeDir, cancellation);
        }, rich: display);
    }

    /// <summary>distributed.timeout_seconds as the watchdog's limit (0: no limit).</summary>
    public static TimeSpan WatchdogTimeout(TrainOptions o) =>
        o.Distributed.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(o.Distributed.TimeoutSeconds) : Timeout.InfiniteTimeSpan;

    // One GPU per process on a machine: "cuda" means cuda:LOCAL_RANK when several processes share the machine.
    static TrainOptions WithProcessDevice(TrainOptions o, IProcessGroup group, LaunchEnvironment launch) =>
        group.Size > 1 && o.Run.Device == "cuda" ? o with { Run = o.Run with { Device = $"cuda:{launch.LocalRank}" } } : o;

    static int RoundUp(int v, int m) => (v + m - 1) / m * m;
}
