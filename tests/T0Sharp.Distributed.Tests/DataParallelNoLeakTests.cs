using T0Sharp.Data.Features;
using T0Sharp.Distributed.Tests.Support;
using T0Sharp.Models;
using T0Sharp.Tests;
using T0Sharp.Training.Data;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Options;
using TorchSharp;

namespace T0Sharp.Distributed.Tests;

public class DataParallelNoLeakTests
{
    [Fact]
    public void Data_parallel_steps_keep_the_live_tensor_count_flat_and_reduce_in_buckets()
    {
        using var dir = TestPaths.NewTempDir();
        var rnd = new Random(2);
        var examples = Enumerable.Range(0, 64).Select(_ => new TokenizedExample(
            Enumerable.Range(0, rnd.Next(3, 10)).Select(_ => rnd.Next(2, 128)).ToArray(),
            Enumerable.Range(0, rnd.Next(1, 5)).Select(_ => rnd.Next(2, 128)).ToArray())).ToList();
        var stream = new ExampleListStream(examples, new FeatureConverterOptions(new FeatureLengths(16, 8)), seed: 1);
        using var model = new LanguageModelAdapter(PretrainedModel.Create(T5Config.Tiny, torch.CPU, seed: 3));
        var o = new TrainOptions
        {
            Run = new RunSection { OutputDir = dir.Path, MaxSteps = 10 },
            Data = new DataSection { BatchSize = 8, MicroBatchSize = 2, InputLength = 16, TargetLength = 8 },
            // A bucket of ~1,000 floats: the tiny T5's ~27k parameters need many buckets and some reduce in place.
            Distributed = new DistributedSection { BucketMb = 0.004 },
            Checkpoint = new CheckpointSection { EverySteps = 0 },
            Logging = new LoggingSection { EverySteps = 1, Progress = ProgressMode.None, Jsonl = false, Tensorboard = false },
        };
        var group = new MirrorProcessGroup(2);
        using var trainer = new Trainer(o, model, stream, group: group);
        var live = new List<long>();
        trainer.Event += e => { if (e is StepEvent) live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount); };
        var result = trainer.Run();
        Assert.Equal(10, result.Step);
        Assert.All(live.Skip(2), n => Assert.Equal(live[1], n));
        var g = trainer.Parallel!.Gradients;
        var parameters = model.Module.parameters().Sum(p => p.numel());
        Assert.Equal(parameters * sizeof(float), g.LastBytes);
        Assert.True(g.LastCalls > parameters / g.BucketElements, $"{g.LastCalls} collective calls for {parameters} parameters in buckets of {g.BucketElements}");
    }
}
