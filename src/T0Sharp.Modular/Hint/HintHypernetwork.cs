using T0Sharp.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Hint;

/// <summary>One per-component MLP of HINT's hypernetwork: wo(gelu(wi c)), d → d → output, no biases (t5x's MlpBlock).</summary>
public sealed class ComponentMlp : nn.Module<Tensor, Tensor>
{
    readonly Linear wi, wo;

    public ComponentMlp(long d, long output) : base(nameof(ComponentMlp))
    {
        wi = nn.Linear(d, d, hasBias: false);
        wo = nn.Linear(d, output, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor c) => wo.call(Activations.Apply("gelu_new", wi.call(c)));
}

/// <summary>
/// Multi-head attention of queries (N, d) shared by every row over keys/values (B, L, d) with a (B, L) 1/0 mask:
/// q, k, v (d → H·Dh) and o (H·Dh → d) without biases, queries scaled by 1/√Dh (t5x's dot_product_attention).
/// </summary>
public sealed class ComponentAttention : nn.Module
{
    readonly Linear q, k, v, o;
    readonly long _heads, _dh;

    public ComponentAttention(long d, long heads, long headDim) : base(nameof(ComponentAttention))
    {
        (_heads, _dh) = (heads, headDim);
        q = nn.Linear(d, heads * headDim, hasBias: false);
        k = nn.Linear(d, heads * headDim, hasBias: false);
        v = nn.Linear(d, heads * headDim, hasBias: false);
        o = nn.Linear(heads * headDim, d, hasBias: false);
        RegisterComponents();
    }

    /// <summary>(B, N, d): each row's attention of <paramref name="queries"/> over <paramref name="memory"/>.</summary>
    public Tensor Attend(Tensor queries, Tensor memory, Tensor mask)
    {
        long b = memory.shape[0], l = memory.shape[1];
        var query = q.call(queries).view(1, -1, _heads, _dh).transpose(1, 2).Times(1 / Math.Sqrt(_dh)); // (1, H, N, Dh)
        var key = k.call(memory).view(b, l, _heads, _dh).transpose(1, 2);   // (B, H, L, Dh)
        var value = v.call(memory).view(b, l, _heads, _dh).transpose(1, 2); // (B, H, L, Dh)
        var scores = query.matmul(key.transpose(-1, -2));                   // (B, H, N, L)
        scores = scores.Plus(AttentionMasks.Additive(mask.NotEqualTo(0L).view(b, 1, 1, l), scores.dtype));
        var context = scores.softmax(-1).matmul(value).transpose(1, 2).reshape(b, -1, _heads * _dh); // (B, N, H·Dh)
        return o.call(context);
    }
}

/// <summary>
/// HINT's hypernetwork (allenai/hyper-task-descriptions <c>Hypernet</c>, layer_embedding_method "component"): a learned
/// table of component embeddings E (rows of <see cref="HintLayout"/>, d) attends — multi-head, the model's heads and
/// head width, queries scaled by 1/√Dh as t5x does, padding masked — over the encoded instruction H (B, L, d) with
/// its padding zeroed; each group of attended rows S goes through its own <see cref="ComponentMlp"/>, and every
/// generated value is divided by √d (the MLP's input width, the reference's <c>/ jnp.sqrt(inputs.shape[-1])</c>).
/// State-dict names: <c>component_embedding</c>, <c>attention.{q,k,v,o}.weight</c>, <c>generators.{group}.{wi,wo}.weight</c>.
/// </summary>
public sealed class HintHypernetwork : nn.Module
{
    readonly Parameter component_embedding;
    readonly ComponentAttention attention;
    readonly ModuleDict<ComponentMlp> generators;
    readonly HintLayout _layout;

    public HintHypernetwork(HintLayout layout, torch.Generator? init) : base(nameof(HintHypernetwork))
    {
        _layout = layout;
        long d = layout.Dims.DModel;
        component_embedding = nn.Parameter(zeros(layout.Rows, d));
        attention = new ComponentAttention(d, layout.Dims.Heads, layout.Dims.HeadDim);
        generators = new ModuleDict<ComponentMlp>();
        foreach (var g in layout.Groups) generators.Add((g.Name, new ComponentMlp(d, g.Output)));
        RegisterComponents();
        Initialise(init);
    }

    /// <summary>
    /// The reference's initialisers: component embeddings N(0, 1/rows) (flax variance_scaling "fan_in" with both axes
    /// the row axis), every kernel N(0, 1/fan_in) (the reference truncates at 2σ; this does not).
    /// </summary>
    void Initialise(torch.Generator? g)
    {
        using var _ = no_grad();
        component_embedding.normal_(0, 1 / Math.Sqrt(_layout.Rows), g);
        foreach (var (name, p) in named_parameters())
            if (p.dim() == 2 && !ReferenceEquals(p, component_embedding)) p.normal_(0, 1 / Math.Sqrt(p.shape[1]), g);
    }

    public HintLayout Layout => _layout;

    /// <summary>
    /// The generated tensors for each row of <paramref name="instruction"/> (B, L, d) with (B, L) 1/0 mask: one
    /// (B, rows of the group, output) tensor per <see cref="ComponentGroup"/>, already divided by √d.
    /// </summary>
    public Dictionary<string, Tensor> Generate(Tensor instruction, Tensor mask)
    {
        var dims = _layout.Dims;
        var dtype = component_embedding.dtype;
        var h = instruction.to(dtype).mul(mask.unsqueeze(-1).to(dtype)); // padding zeroed, as the reference
        var summary = attention.Attend(component_embedding, h, mask);  // (B, N, d)
        var scale = 1 / Math.Sqrt(dims.DModel);
        var result = new Dictionary<string, Tensor>();
        foreach (var g in _layout.Groups)
            result[g.Name] = generators[g.Name].call(summary.narrow(1, g.Start, g.Rows)).Times(scale); // (B, rows, output)
        return result;
    }
}
