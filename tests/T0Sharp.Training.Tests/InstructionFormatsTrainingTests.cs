using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using Xunit;

namespace T0Sharp.Training.Tests;

/// <summary>configs/formats-mixture.yaml: promptsource, FLAN-style (zero- and few-shot) and Super-NI tasks train together.</summary>
public class InstructionFormatsTrainingTests
{
    [Fact]
    public void A_mixture_of_promptsource_flan_and_super_ni_tasks_trains_a_tiny_t5()
    {
        using var dir = T0Sharp.Tests.TestPaths.NewTempDir();
        var o = OptionsLoader.Load(T0Sharp.Tests.TestPaths.RepoPath("configs", "formats-mixture.yaml"),
        [
            "--run.output_dir=" + dir.Path, "--run.max_steps=40", "--run.threads=2",
            "--data.mixture=" + T0Sharp.Tests.TestPaths.RepoPath("configs", "mixtures", "formats.yaml"),
            "--data.batch_size=8", "--eval.every_steps=0", "--checkpoint.every_steps=0", "--logging.every_steps=1",
            "--logging.progress=none", "--optimizer.learning_rate=3e-3",
        ]);
        var (tokenizer, path) = DataSetup.LoadTokenizer(o, null);
        var data = DataSetup.Build(o, tokenizer, path, decoderOnly: false);
        Assert.StartsWith("mixture formats: 5 tasks", data.Description);
        Assert.NotEmpty(data.Validation.LossBatches);
        using var model = ModelSetup.Create(o, null, 32128);
        model.Tokenizer = (tokenizer, path);
        using var trainer = new Trainer(o, model, data.Train, data.Validation);
        var losses = new List<double>();
        trainer.Event += e => { if (e is StepEvent s) losses.Add(s.Loss); };
        var result = trainer.Run(null);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Equal(40, losses.Count);
        Assert.True(losses.Skip(35).Average() < 0.7 * losses.Take(5).Average(), $"loss {losses.Take(5).Average():F3} -> {losses.Skip(35).Average():F3}");
    }
}
