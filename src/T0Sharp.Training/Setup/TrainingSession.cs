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

    public static TrainingResult Run(TrainOptions o, string? resume = null, CancellationToken cancellation = default,
        Action<Trainer>? observe = null, DataSetup.MixtureFactory? mixtures = null)
    {
        var resumeDir = ResolveResume(o, resume);
        if (o.Run.Threads > 0) TorchSharp.torch.set_num_threads(o.Run.Threads);
        var modelDir = resumeDir is null ? null : Path.Combine(resumeDir, CheckpointIo.ModelDir);
        var (tokenizer, tokenizerPath) = DataSetup.LoadTokenizer(o, modelDir);
        using var model = ModelSetup.Create(o, modelDir, RoundUp(tokenizer.VocabSize, 128));
        model.TokenizerFile = tokenizerPath;
        var data = DataSetup.Build(o, tokenizer, tokenizerPath, !model.IsEncoderDecoder, mixtures);
        using var trainer = new Trainer(o, model, data.Train, data.Validation);
        observe?.Invoke(trainer);
        var parameters = model.Module.parameters().Sum(p => p.numel());
        return TrainingProgress.Show(trainer, o.Logging.Progress, () =>
        {
            Console.WriteLine($"model: {model.Model.Config.ModelType}, {parameters:N0} parameters; data: {data.Description}; tokenizer: {tokenizerPath}");
            return trainer.Run(resumeDir, cancellation);
        });
    }

    static int RoundUp(int v, int m) => (v + m - 1) / m * m;
}
