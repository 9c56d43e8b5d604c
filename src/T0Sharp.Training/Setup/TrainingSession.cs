using T0Sharp.Training.Checkpoints;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Progress;

namespace T0Sharp.Training.Setup;

/// <summary>
/// A whole run from options, as the CLI does it: find the checkpoint to resume (if asked), load the tokenizer,
/// get the model (checkpoint, init_from or scratch), build the data, then train with progress shown.
/// </summary>
public static class TrainingSession
{
    /// <summary>Resolves <c>--resume [DIR]</c>: "latest" (or empty) means the newest complete checkpoint under run.output_dir.</summary>
    public static string? ResolveResume(TrainOptions o, string? resume)
    {
        if (resume is null) return null;
        if (resume is "" or "latest")
            return new CheckpointManager(o.Run.OutputDir, 0).Latest()
                ?? throw new InvalidOperationException($"--resume: no complete checkpoint under {Path.Combine(o.Run.OutputDir, "checkpoints")}");
        if (!File.Exists(Path.Combine(resume, CheckpointManager.StateFile)))
            throw new InvalidOperationException($"--resume: '{resume}' is not a complete checkpoint folder ({CheckpointManager.StateFile} missing)");
        return resume;
    }

    /// <param name="adapters">Builds the adapter of a config with a <c>peft:</c> or <c>modular:</c> section (the CLI passes the
    /// PEFT and task-conditioned factories); such a run trains only the adapter, and its checkpoints hold only the adapter.</param>
    public static TrainingResult Run(TrainOptions o, string? resume = null, CancellationToken cancellation = default,
        Action<Trainer>? observe = null, DataSetup.MixtureFactory? mixtures = null, IAdapterFactory? adapters = null)
    {
        var resumeDir = ResolveResume(o, resume);
        if (o.Run.Threads > 0) TorchSharp.torch.set_num_threads(o.Run.Threads);
        var adapterRun = !o.Peft.IsEmpty || !o.Modular.IsEmpty;
        if (adapterRun && adapters is null)
            throw new OptionsException($"{(o.Peft.IsEmpty ? "modular" : "peft")}: this caller cannot build adapters; train with `t0sharp train`");
        // An adapter run's checkpoints hold the adapter only: the base comes from model.init_from again.
        var modelDir = resumeDir is null ? null : Path.Combine(resumeDir, adapterRun ? CheckpointIo.AdapterDir : CheckpointIo.ModelDir);
        var (tokenizer, tokenizerPath) = DataSetup.LoadTokenizer(o, modelDir);
        using var model = ModelSetup.Create(o, adapterRun ? null : modelDir, RoundUp(tokenizer.VocabSize, 128));
        model.TokenizerFile = tokenizerPath;
        var data = DataSetup.Build(o, tokenizer, tokenizerPath, !model.IsEncoderDecoder, mixtures);
        if (adapterRun)
            model.Adapter = adapters!.Create(model.Model, o, data.TaskNames)
                ?? throw new OptionsException("the peft/modular section describes no adapter");
        using var trainer = new Trainer(o, model, data.Train, data.Validation);
        observe?.Invoke(trainer);
        var parameters = model.Module.parameters().Sum(p => p.numel());
        var trainable = model.Module.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        return TrainingProgress.Show(trainer, o.Logging.Progress, () =>
        {
            var what = model.Adapter is { } a ? $"{a.Description}; {trainable:N0} of {parameters:N0} parameters train" : $"{parameters:N0} parameters";
            Console.WriteLine($"model: {model.Model.Config.ModelType}, {what}; data: {data.Description}; tokenizer: {tokenizerPath}");
            return trainer.Run(resumeDir, cancellation);
        });
    }

    static int RoundUp(int v, int m) => (v + m - 1) / m * m;
}
