using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Modular.HyperPrompt;

/// <summary>
/// HyperPrompt's tensors and prefixes (Tay/He et al. 2022, the HyperPrompt-Global form), registered on the model as
/// <c>modular</c>. Tensors: <c>task_embeddings</c> (T, e), <c>layer_embeddings</c> (S, e) for the S (site, layer) pairs,
/// <c>global_prompts</c> (S, P, d) shared by every task, the task projector <c>projector_in</c> (h, 2e) + bias → ReLU →
/// <c>projector_out</c> (t, h) + bias, and four hypernetworks (t → weights) <c>key_down</c>, <c>key_up</c>,
/// <c>value_down</c>, <c>value_up</c>.
/// For a row of task τ at (site, layer) s: I = projector([E_τ; L_s]) (t); D_k = key_down(I) as (b, d), U_k = key_up(I)
/// as (H·Dh, b); keys = U_k ReLU(D_k G_sᵀ) → (H, P, Dh) prepended to that layer's self-attention keys; the same with
/// value_* for values. Unknown tasks (id -1) use the mean task embedding.
/// </summary>
internal sealed class HyperPromptModule : nn.Module, IPrefixProvider
{
#pragma warning disable IDE1006 // state-dict names
    readonly Parameter task_embeddings;
    readonly Parameter layer_embeddings;
    readonly Parameter global_prompts;
    readonly Linear projector_in;
    readonly Linear projector_out;
    readonly Linear key_down;
    readonly Linear key_up;
    readonly Linear value_down;
    readonly Linear value_up;
#pragma warning restore IDE1006
    readonly IReadOnlyList<(AttentionSite Site, int Layers)> _sites;
    readonly int _heads, _headDim, _bottleneck, _dModel;

    readonly Func<ScalarType> _computeDtype;

    /// <param name="computeDtype">The model's compute dtype, read on every call: prefixes must match its keys and values.</param>
    public HyperPromptModule(HyperPromptShape shape, IReadOnlyDictionary<string, Tensor> init, Device device, Func<ScalarType> computeDtype) : base("hyperprompt")
    {
        _computeDtype = computeDtype;
        (_sites, _heads, _headDim, _bottleneck, _dModel) = (shape.Sites, shape.Heads, shape.HeadDim, shape.Bottleneck, shape.DModel);
        task_embeddings = ParameterInit.Trainable(init["task_embeddings"], device);
        layer_embeddings = ParameterInit.Trainable(init["layer_embeddings"], device);
        global_prompts = ParameterInit.Trainable(init["global_prompts"], device);
        Linear L(string name)
        {
            var w = init[name + ".weight"];
            var l = nn.Linear(w.shape[1], w.shape[0], hasBias: true, device: device);
            using (no_grad()) { l.weight!.copy_(w); l.bias!.copy_(init[name + ".bias"]); }
            return l;
        }
        projector_in = L("projector_in");
        projector_out = L("projector_out");
        key_down = L("key_down");
        key_up = L("key_up");
        value_down = L("value_down");
        value_up = L("value_up");
        RegisterComponents();
    }

    public IReadOnlyList<(AttentionSite Site, int Layers)> Sites => _sites;

    /// <summary>Row of <see cref="Sites"/>' flattened (site, layer) list, i.e. of layer_embeddings and global_prompts.</summary>
    public int Slot(AttentionSite site, int layer)
    {
        var offset = 0;
        foreach (var (s, n) in _sites)
        {
            if (s == site) return offset + layer;
            offset += n;
        }
        throw new ArgumentException($"HyperPrompt does not prefix {site}");
    }

    /// <summary>(B, e) task embedding per row; the mean task embedding for unknown tasks.</summary>
    public Tensor TaskEmbedding(Conditioning? c, long rows)
    {
        var e = get_parameter("task_embeddings")!;
        var table = cat([e, e.mean([0], keepdim: true)], 0);
        using var ids = RowConditioning.TaskIds(c, rows, e.device);
        using var row = where(ids.Below(0L), ids.FilledLike(e.shape[0]), ids);
        return table.index_select(0, row);
    }

    /// <summary>Keys and values (B, H, P, Dh) of (site, layer) for task embeddings (B, e).</summary>
    public AttentionPrefix Prefix(Tensor tasks, int slot)
    {
        var rows = tasks.shape[0];
        var layer = get_parameter("layer_embeddings")![slot].unsqueeze(0).expand(rows, -1);            // (B, e)
        var i = projector_out.call(nn.functional.relu(projector_in.call(cat([tasks, layer], 1))));       // (B, t)
        var g = get_parameter("global_prompts")![slot];                                                  // (P, d)
        Tensor Project(Linear down, Linear up)
        {
            var d = down.call(i).reshape(rows, _bottleneck, _dModel);                                     // (B, b, d)
            var u = up.call(i).reshape(rows, _heads * _headDim, _bottleneck);                             // (B, H·Dh, b)
            var hidden = nn.functional.relu(g.unsqueeze(0).matmul(d.transpose(1, 2)));                    // (B, P, b)
            return hidden.matmul(u.transpose(1, 2))                                                       // (B, P, H·Dh)
                .reshape(rows, g.shape[0], _heads, _headDim).transpose(1, 2);                             // (B, H, P, Dh)
        }
        var dtype = _computeDtype();
        return new AttentionPrefix(Project(key_down, key_up).to(dtype), Project(value_down, value_up).to(dtype));
    }

    public IReadOnlyList<AttentionPrefix>? Prefixes(AttentionSite site, long rows, Conditioning? conditioning)
    {
        var entry = _sites.FirstOrDefault(s => s.Site == site);
        if (entry.Layers == 0) return null;
        var tasks = TaskEmbedding(conditioning, rows);
        return Enumerable.Range(0, entry.Layers).Select(l => Prefix(tasks, Slot(site, l))).ToList();
    }
}

/// <summary>The sizes of a <see cref="HyperPromptModule"/>.</summary>
internal sealed record HyperPromptShape(IReadOnlyList<(AttentionSite Site, int Layers)> Sites, int DModel, int Heads, int HeadDim, int Bottleneck);
