using T0Sharp.Distributed;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Objectives;
using T0Sharp.Training.Options;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Training.Distributed;

/// <summary>
/// Data-parallel training over a process group: the <see cref="IStepSynchronizer"/> the step runner calls
/// (counts, gradients and figures summed over processes) and the start-of-run agreement (every process starts
/// from rank 0's parameters). Each process has its own dropout generator: rank 0 keeps run.seed (so one
/// process reproduces a single-process run), rank r derives its seed from run.seed and r.
/// </summary>
public sealed class DataParallel(IProcessGroup group, double bucketMb) : IStepSynchronizer, IDisposable
{
    public IProcessGroup Group => group;
    public GradientSynchronizer Gradients { get; } = new(group, bucketMb);
    public int WorldSize => group.Size;

    public (TokenCounts Tokens, StepCounts Objective) SumCounts(TokenCounts tokens, StepCounts objective)
    {
        // One collective: the token counts (exact as doubles below 2^53) then the objective's counts by name.
        var names = objective.Values.Keys.Order(StringComparer.Ordinal).ToList();
        var values = tokens.ToArray().Select(v => (double)v).Concat(names.Select(n => objective.Values[n])).ToArray();
        group.AllReduceSum(values);
        var summed = TokenCounts.FromArray(values.Take(4).Select(v => (long)Math.Round(v)).ToArray());
        return (summed, new StepCounts(names.Select((n, i) => (n, values[4 + i])).ToDictionary(x => x.n, x => x.Item2)));
    }

    public void SumGradients(IReadOnlyList<Parameter> trainable) => Gradients.Sum(trainable);

    public void SumFigures(Span<double> figures) => group.AllReduceSum(figures);

    /// <summary>Copies rank 0's parameters and buffers into every process's module (a collective).</summary>
    public void BroadcastModule(nn.Module module)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        foreach (var t in module.parameters().Cast<Tensor>().Concat(module.buffers()))
        {
            var direct = t.is_contiguous() && (group.Backend == "nccl" ? t.device_type == DeviceType.CUDA : t.device_type == DeviceType.CPU);
            if (direct) { group.Broadcast(t); continue; }
            var staged = t.to(group.Backend == "nccl" ? t.device : CPU).contiguous().clone();
            group.Broadcast(staged);
            t.copy_(staged);
        }
    }

    /// <summary>Checks that the step's rows divide into micro-batches of every process (an <see cref="OptionsException"/> naming the keys).</summary>
    public static void CheckBatch(DataSection data, int processes)
    {
        if (processes > 1 && data.BatchSize % (data.MicroBatchSize * processes) != 0)
            throw new OptionsException(
                $"data.batch_size ({data.BatchSize}) must be a multiple of data.micro_batch_size ({data.MicroBatchSize}) × " +
                $"{processes} processes = {data.MicroBatchSize * processes}: each process runs micro-batches of micro_batch_size rows");
    }

    /// <summary>The dropout seed of process <paramref name="rank"/>: run.seed for rank 0, a distinct derived seed for the others.</summary>
    public static long RankSeed(long seed, int rank) => rank == 0 ? seed : unchecked(seed * 1_000_003 + rank * 7_919 + 104_729);

    public void Dispose() => Gradients.Dispose();
}
