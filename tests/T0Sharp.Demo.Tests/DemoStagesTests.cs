using T0Sharp.Data.Features;
using T0Sharp.Demo;
using T0Sharp.Synthetic;
using T0Sharp.Tests;
using T0Sharp.Training.Options;

namespace T0Sharp.Demo.Tests;

/// <summary>How the demo's stages are set up: whole-document prefix-LM examples, the loss normalisation of each stage,
/// and the reuse of stage 1 only when its settings are unchanged.</summary>
public class DemoStagesTests
{
    static readonly DemoOptions Small = new()
    {
        Threads = 1, PretrainDocuments = 60, TrainExamplesPerTask = 4, HeldOutItemsPerTask = 4, InputLength = 96, TargetLength = 48,
    };

    [Fact]
    public void Pretraining_makes_one_prefix_lm_example_per_document_split_inside_it()
    {
        using var tmp = TestPaths.NewTempDir();
        var data = DemoData.Prepare(Small, tmp.Path);
        var text = data.Pretraining(Small);
        // Every world document is shorter than the chunk length (48 tokens), so documents are never joined or cut.
        Assert.Equal(data.Corpus.Count, text.Count);
        for (int i = 0; i < data.Corpus.Count; i++)
        {
            var doc = data.Tokenizer.Encode(data.Corpus[i], addSpecialTokens: false).ToArray();
            Assert.Equal(doc, text.Chunks[i]);
            var ex = text.Get(i, 0);
            // prefix + EOS | rest + EOS: the two sides put back together are exactly the document.
            Assert.Equal(doc, ex.Inputs[..^1].Concat(ex.Targets[..^1]).ToArray());
            Assert.Equal(data.Tokenizer.EosId, ex.Inputs[^1]);
            Assert.Equal(data.Tokenizer.EosId, ex.Targets[^1]);
        }
    }

    [Fact]
    public void Multitask_stages_weigh_each_example_once_and_pretraining_each_token()
    {
        var multitask = new TrainingStage("types_6", 10, (_, _) => throw new InvalidOperationException(), 5, 1e-3, 1, "") { SequenceMean = true };
        var pretraining = multitask with { Name = "pretraining", SequenceMean = false };
        Assert.Equal(LossNormalization.SequenceMean, DemoTraining.Options(Small, multitask, "run").Loss.Normalization);
        Assert.Equal(LossNormalization.TokenMean, DemoTraining.Options(Small, pretraining, "run").Loss.Normalization);
    }

    [Fact]
    public void Reusing_stage_1_is_refused_without_a_checkpoint_or_with_other_settings()
    {
        using var tmp = TestPaths.NewTempDir();
        var o = Small with { OutputDir = tmp.Path, ReusePretrained = true, Conditions = ["pretrained_only"] };
        var missing = Assert.Throws<ArgumentException>(() => DemoRunner.Run(o));
        Assert.Contains("demo-pretraining.json not found", missing.Message);
        var dir = Path.Combine(tmp.Path, "models", "pretrained");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "demo-pretraining.json"), "{\"PretrainSteps\":1}");
        var other = Assert.Throws<ArgumentException>(() => DemoRunner.Run(o));
        Assert.Contains("pretrained with other settings", other.Message);
    }

    [Fact]
    public void A_multitask_stage_with_another_dropout_rate_starts_from_the_same_pretrained_weights()
    {
        using var tmp = TestPaths.NewTempDir();
        var o = Small with { DModel = 32, DFf = 64, NumHeads = 2, DKv = 16, NumLayers = 1, PretrainDropout = 0.1, MultitaskDropout = 0.0 };
        using (var pretrained = DemoModel.Create(o, 40)) T0Sharp.Models.PretrainedModel.Save(pretrained, tmp.Path);
        using var original = T0Sharp.Models.PretrainedModel.Load(tmp.Path);
        using var rebuilt = DemoModel.LoadForMultitask(tmp.Path, o);
        Assert.Equal(0.1, ((T0Sharp.Models.T5Config)original.Config).DropoutRate);
        Assert.Equal(0.0, ((T0Sharp.Models.T5Config)rebuilt.Config).DropoutRate);
        var before = original.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var after = rebuilt.Module.named_parameters().ToList();
        Assert.Equal(before.Count, after.Count);
        foreach (var (name, p) in after) Assert.True(before[name].equal(p).all().item<bool>(), name);
        // The same rate as pretraining keeps the loaded model as it is.
        using var same = DemoModel.LoadForMultitask(tmp.Path, o with { MultitaskDropout = 0.1 });
        Assert.Equal(0.1, ((T0Sharp.Models.T5Config)same.Config).DropoutRate);
    }

    [Fact]
    public void Multitask_examples_are_every_row_under_every_template_tokenized_on_demand()
    {
        using var tmp = TestPaths.NewTempDir();
        var data = DemoData.Prepare(Small, tmp.Path);
        var tasks = SyntheticSuite.TrainingTasks.Take(2).ToList();
        var lazy = data.TrainingExamples(tasks, oneTemplate: false);
        // Independently: render every (template, row) of each task in order, then tokenize with T0's EOS convention.
        var expected = tasks.SelectMany((t, id) => data.Render(t, "train", oneTemplate: false)
            .Select(ex => EosConvention.TrainingDefault.Tokenize(data.Tokenizer, ex.Inputs, ex.Targets, id))).ToList();
        Assert.Equal(tasks.Sum(t => data.TemplatesOf(t, false).Count) * Small.TrainExamplesPerTask, lazy.Count);
        Assert.Equal(expected.Count, lazy.Count);
        for (int i = expected.Count - 1; i >= 0; i--) // any order: each index is computed on its own
        {
            Assert.Equal(expected[i].Inputs, lazy[i].Inputs);
            Assert.Equal(expected[i].Targets, lazy[i].Targets);
            Assert.Equal(expected[i].TaskIndex, lazy[i].TaskIndex);
        }
        Assert.Equal(Small.TrainExamplesPerTask * 2, data.TrainingExamples(tasks, oneTemplate: true).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => lazy[lazy.Count]);
        Assert.Throws<InvalidOperationException>(() => data.TrainingExamples(SyntheticSuite.HeldOutTasks, oneTemplate: false));
    }

    [Fact]
    public void One_template_training_draws_each_tasks_template_at_random_per_seed()
    {
        var templates = T0Sharp.Prompts.Templates.TemplateCollection.Load(SyntheticSuite.TemplatesDirectory);
        string Draw(string task, long seed) => DemoData.OneTemplateOf(templates.Get(task, null).Templates, task, seed).Name;
        var tasks = SyntheticSuite.TrainingTasks.Select(t => t.Name).ToList();
        // The same seed gives the same template every time; each draw is one of the task's own templates.
        Assert.All(tasks, t => Assert.Equal(Draw(t, 0), Draw(t, 0)));
        Assert.All(tasks, t => Assert.Contains(Draw(t, 3), templates.Get(t, null).Templates.Select(x => x.Name)));
        // A draw, not the first by name: over seeds 0-19 every task gets at least three different templates,
        // and the first template by name is not what every seed gets.
        foreach (var t in tasks)
        {
            var names = Enumerable.Range(0, 20).Select(s => Draw(t, s)).ToList();
            Assert.True(names.Distinct().Count() >= 3, $"{t}: {string.Join(", ", names.Distinct())}");
            Assert.Contains(names, n => n != templates.Get(t, null).Templates[0].Name);
        }
        // Tasks draw independently: at seed 0 the drawn positions are not all the same.
        Assert.True(tasks.Select(t => templates.Get(t, null).Templates.Select(x => x.Name).ToList().IndexOf(Draw(t, 0))).Distinct().Count() > 1);
    }
}
