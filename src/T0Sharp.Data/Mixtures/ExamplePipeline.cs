using T0Sharp.Data.Features;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tokenization;

namespace T0Sharp.Data.Mixtures;

/// <summary>One processed draw: the rendered example and its tokens, or nulls when the draw was dropped.</summary>
/// <param name="Draw">The draw number in the mixture stream (a resume point is "the draw to start from").</param>
public sealed record PipelineItem(long Draw, int TaskIndex, TaskExample? Example, TokenizedExample? Tokens);

/// <summary>Rendering and tokenizing options.</summary>
/// <param name="Parallelism">Threads rendering and tokenizing (1: the calling thread only).</param>
/// <param name="ChunkSize">Draws taken from the stream per parallel round; output order never depends on it.</param>
/// <param name="DropUnlabeled">Drop examples whose target is "&lt;NO LABEL&gt;" (right for training; keep them for inspection).</param>
/// <param name="Eos">Where EOS goes on inputs and targets; null is <see cref="EosConvention.TrainingDefault"/> (t-zero's: inputs without, targets with).</param>
public sealed record PipelineOptions(int Parallelism = 1, int ChunkSize = 256, bool DropUnlabeled = true, EosConvention? Eos = null)
{
    /// <summary>The convention in effect.</summary>
    public EosConvention Convention => Eos ?? EosConvention.TrainingDefault;
}

/// <summary>
/// The data path of training: mixture draws → t-zero preprocessing and template rendering (seeded per render,
/// see <see cref="RenderSeed"/>) → tokenization under <see cref="PipelineOptions.Convention"/> (by default t-zero's:
/// inputs without EOS, targets with EOS, as T0 was trained).
/// Draws are taken sequentially and processed in parallel chunks; items come out in draw order, so the output
/// is identical for any parallelism. Counters report what was dropped.
/// </summary>
public sealed class ExamplePipeline(MixtureStream stream, ITokenizer? tokenizer, PipelineOptions? options = null)
{
    readonly PipelineOptions _o = options ?? new PipelineOptions();
    long _kept, _droppedTemplate, _droppedUnlabeled;

    public MixtureStream Stream => stream;

    /// <summary>Where EOS goes on the tokenized inputs and targets.</summary>
    public EosConvention Convention => _o.Convention;

    /// <summary>Examples kept so far.</summary>
    public long Kept => Interlocked.Read(ref _kept);

    /// <summary>Draws dropped because the template did not yield exactly two parts or an empty input.</summary>
    public long DroppedByTemplate => Interlocked.Read(ref _droppedTemplate);

    /// <summary>Draws dropped because the target was "&lt;NO LABEL&gt;" (when <see cref="PipelineOptions.DropUnlabeled"/>).</summary>
    public long DroppedUnlabeled => Interlocked.Read(ref _droppedUnlabeled);

    /// <summary>Every draw, processed, in order (infinite). Tokens is null when there is no tokenizer or the draw was dropped.</summary>
    public IEnumerable<PipelineItem> Items()
    {
        var draws = new MixtureDraw[Math.Max(1, _o.ChunkSize)];
        var items = new PipelineItem[draws.Length];
        while (true)
        {
            for (int i = 0; i < draws.Length; i++) draws[i] = stream.Next();
            if (_o.Parallelism <= 1)
                for (int i = 0; i < draws.Length; i++) items[i] = Process(draws[i]);
            else
                Parallel.For(0, draws.Length, new ParallelOptions { MaxDegreeOfParallelism = _o.Parallelism }, i => items[i] = Process(draws[i]));
            for (int i = 0; i < items.Length; i++) yield return items[i];
        }
    }

    /// <summary>Only the kept examples, in order.</summary>
    public IEnumerable<PipelineItem> Examples() => Items().Where(i => i.Example != null);

    /// <summary>Renders and tokenizes one draw (pure: the same draw always gives the same item).</summary>
    public PipelineItem Process(MixtureDraw d)
    {
        TaskExample? ex;
        try
        {
            ex = d.Task.Process(d.Row, stream.Seed, d.Epoch);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"task '{d.Task.Name}': rendering record {d.Row.Index} (line {d.Row.Line}) failed: {e.Message}", e);
        }
        if (ex == null) { Interlocked.Increment(ref _droppedTemplate); return new PipelineItem(d.Draw, d.TaskIndex, null, null); }
        if (_o.DropUnlabeled && ex.IsUnlabeled) { Interlocked.Increment(ref _droppedUnlabeled); return new PipelineItem(d.Draw, d.TaskIndex, null, null); }
        Interlocked.Increment(ref _kept);
        var tokens = tokenizer == null ? null
            : _o.Convention.Tokenize(tokenizer, ex.Inputs, ex.Targets, d.TaskIndex);
        return new PipelineItem(d.Draw, d.TaskIndex, ex, tokens);
    }
}
