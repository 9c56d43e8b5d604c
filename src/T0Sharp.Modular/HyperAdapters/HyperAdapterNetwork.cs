using T0Sharp.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Modular.HyperAdapters;

/// <summary>Adapter weights generated for some rows at one layer: down (U, m, d), up (U, m, d), biases (U, m) and (U, d).</summary>
public sealed record GeneratedAdapter(Tensor Down, Tensor Up, Tensor BiasDown, Tensor BiasUp);

/// <summary>
/// The hyper-adapter hypernetwork (Baziotis et al. 2022, "Multilingual Machine Translation with Hyper-Adapters"):
/// x = [source language; target language; layer] embeddings (3·e), h = ReLU(W_h x + b_h) (d_h), and one linear head per
/// generated tensor (no bias) whose output is divided by √d_h — the paper's rescaling fix, which keeps the generated
/// weights' scale independent of the hypernetwork's width. An unknown language (id -1) gets the mean language embedding.
/// State-dict names: <c>language_embedding</c>, <c>layer_embedding</c>, <c>hidden.{weight,bias}</c>,
/// <c>heads.{down,up,bias_down,bias_up}.weight</c>.
/// </summary>
public sealed class HyperAdapterNetwork : nn.Module
{
    readonly Parameter language_embedding, layer_embedding;
    readonly Linear hidden;
    readonly ModuleDict<Linear> heads;
    readonly long _d, _m, _hidden;

    public HyperAdapterNetwork(int languages, int layers, long d, HyperAdapterSettings s, torch.Generator? g) : base(nameof(HyperAdapterNetwork))
    {
        (_d, _m, _hidden) = (d, s.Bottleneck, s.HiddenDim);
        language_embedding = nn.Parameter(zeros(languages, s.EmbeddingDim));
        layer_embedding = nn.Parameter(zeros(layers, s.EmbeddingDim));
        hidden = nn.Linear(3 * s.EmbeddingDim, s.HiddenDim);
        heads = new ModuleDict<Linear>();
        heads.Add(("down", nn.Linear(s.HiddenDim, _m * d, hasBias: false)));
        heads.Add(("up", nn.Linear(s.HiddenDim, _m * d, hasBias: false)));
        heads.Add(("bias_down", nn.Linear(s.HiddenDim, _m, hasBias: false)));
        heads.Add(("bias_up", nn.Linear(s.HiddenDim, d, hasBias: false)));
        RegisterComponents();
        using var _ = no_grad();
        // Embeddings N(0, 1); linear layers U(±1/√fan_in) (torch's default bound), drawn from the seeded generator.
        language_embedding.normal_(0, 1, g);
        layer_embedding.normal_(0, 1, g);
        foreach (var (name, p) in named_parameters())
            if (!name.EndsWith("_embedding", StringComparison.Ordinal))
            {
                var fanIn = name.StartsWith("hidden", StringComparison.Ordinal) ? 3 * s.EmbeddingDim : s.HiddenDim;
                p.uniform_(-1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn), g);
            }
    }

    /// <summary>(U, e) embeddings of language ids (U,), the mean embedding where an id is -1.</summary>
    Tensor Languages(Tensor ids)
    {
        var known = ids.NotBelow(0L);
        var rows = language_embedding.index_select(0, ids.AtLeast(0L));
        return where(known.unsqueeze(1), rows, language_embedding.mean([0], keepdim: true).expand_as(rows));
    }

    /// <summary>The adapter of layer <paramref name="layer"/> for each (source, target) pair of <paramref name="pairs"/> (U, 2).</summary>
    public GeneratedAdapter Generate(Tensor pairs, int layer)
    {
        long u = pairs.shape[0];
        var x = cat([Languages(pairs[.., 0]), Languages(pairs[.., 1]), layer_embedding[layer].unsqueeze(0).expand(u, -1)], 1); // (U, 3e)
        var h = nn.functional.relu(hidden.call(x));                   // (U, d_h)
        var scale = 1 / Math.Sqrt(_hidden);
        return new GeneratedAdapter(heads["down"].call(h).Times(scale).view(u, _m, _d), heads["up"].call(h).Times(scale).view(u, _m, _d),
            heads["bias_down"].call(h).Times(scale), heads["bias_up"].call(h).Times(scale));
    }
}
