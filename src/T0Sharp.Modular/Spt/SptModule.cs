using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Spt;

/// <summary>
/// SPT's tensors and prompt, registered on the model as <c>modular</c>: a memory bank of <c>memory_keys</c> (M, d) and
/// <c>memory_prompts</c> (M, P, d), and the input's own soft prompt <c>own_prompts</c> (1 shared or one per task, P, d).
/// For each row: q = pool (mean or max over real positions) of the frozen input embeddings of its instruction (the
/// discrete prompt); s_m = q · k_m / √d; the top-k entries are mixed with w = softmax(s_top): r = Σ w_i M_i; the
/// prompt is own + r (<c>combine: add</c>) or [r; own] (<c>combine: concat</c>, 2P positions).
/// </summary>
internal sealed class SptModule : nn.Module, IPromptProvider
{
#pragma warning disable IDE1006 // state-dict names
    readonly Parameter memory_keys;
    readonly Parameter memory_prompts;
    readonly Parameter? own_prompts;
#pragma warning restore IDE1006
    readonly Func<Tensor> _embeddings;
    readonly TaskTable _tasks;

    public SptModule(Tensor keys, Tensor prompts, Tensor? own, int topK, bool maxPool, bool concat, bool perTask, TaskTable tasks,
        Func<Tensor> embeddings, Device device) : base("spt")
    {
        memory_keys = ParameterInit.Trainable(keys, device);
        memory_prompts = ParameterInit.Trainable(prompts, device);
        if (own is not null) own_prompts = ParameterInit.Trainable(own, device);
        (TopK, MaxPool, Concat, PerTask, _tasks, _embeddings) = (topK, maxPool, concat, perTask, tasks, embeddings);
        RegisterComponents();
    }

    public int TopK { get; }
    public bool MaxPool { get; }
    public bool Concat { get; }
    public bool PerTask { get; }

    /// <summary>(B, d) query: the pooled frozen embeddings of each row's instruction (zeros for an empty one).</summary>
    public Tensor Query(Conditioning? c, long rows)
    {
        var keys = get_parameter("memory_keys")!;
        var (ids, mask) = RowConditioning.Instructions(c, rows, _tasks, keys.device);
        Tensor embedded;
        using (no_grad())
        {
            using var table = _embeddings();
            embedded = table.index_select(0, ids.flatten()).reshape(ids.shape[0], ids.shape[1], -1).to(ScalarType.Float32); // (B, L, d)
        }
        return MaxPool ? RowConditioning.MaxPool(embedded, mask) : RowConditioning.MeanPool(embedded, mask);
    }

    /// <summary>Top-k memory indices (B, k) and their mixing weights (B, k) for queries (B, d).</summary>
    public (Tensor Indices, Tensor Weights) Retrieve(Tensor query)
    {
        var keys = get_parameter("memory_keys")!;
        var scores = query.matmul(keys.t()) / Math.Sqrt(keys.shape[1]);                   // (B, M)
        var (top, indices) = scores.topk(TopK, dim: 1);
        return (indices, softmax(top, -1));
    }

    /// <summary>(B, P, d) own prompt per row: the shared one, or the row's task's (their mean for unknown tasks); null without one.</summary>
    public Tensor? Own(Conditioning? c, long rows)
    {
        if (own_prompts is null) return null;
        var t = get_parameter("own_prompts")!;
        if (!PerTask) return t[0].unsqueeze(0).expand(rows, -1, -1);
        var table = cat([t, t.mean([0], keepdim: true)], 0);
        using var ids = RowConditioning.TaskIds(c, rows, t.device);
        using var row = where(ids.Below(0L), ids.FilledLike(t.shape[0]), ids);
        return table.index_select(0, row);
    }

    public Tensor Prompt(PromptRequest request)
    {
        var (indices, weights) = Retrieve(Query(request.Conditioning, request.Rows));
        var memory = get_parameter("memory_prompts")!;
        var picked = memory.index_select(0, indices.flatten()).reshape(indices.shape[0], indices.shape[1], memory.shape[1], memory.shape[2]); // (B, k, P, d)
        var retrieved = (weights.unsqueeze(-1).unsqueeze(-1) * picked).sum(1);                // (B, P, d)
        var own = Own(request.Conditioning, request.Rows);
        if (own is null) return retrieved;
        return Concat ? cat([retrieved, own], 1) : retrieved + own;
    }
}
