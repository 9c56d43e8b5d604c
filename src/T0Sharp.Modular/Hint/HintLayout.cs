using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;

namespace T0Sharp.Modular.Hint;

/// <summary>What one group of component embeddings generates: the per-component MLP's output width and its row range.</summary>
public sealed record ComponentGroup(string Name, long Start, long Rows, long Output);

/// <summary>
/// Where each generated tensor's component embeddings sit in HINT's component table, and which layer or attention site
/// each belongs to. Adapters: one per feed-forward sub-layer, encoder blocks first (index l), then decoder blocks
/// (L_enc + i). Prefixes: one per attention site, encoder self (l), decoder self (L_enc + i), decoder cross
/// (L_enc + L_dec + i). The table is kind-major: all down-projection rows, then up, bias down, bias up, prefix keys,
/// prefix values; within a kind, site-major (site s's a rows are rows s·a .. s·a + a - 1 of the kind).
/// </summary>
public sealed class HintLayout
{
    public HintLayout(ModelDims dims, HintSettings s)
    {
        Dims = dims;
        AdapterSites = s.AdapterSize > 0 ? dims.EncoderLayers + dims.DecoderLayers : 0;
        PrefixSites = s.PrefixLength > 0 ? dims.EncoderLayers + 2 * dims.DecoderLayers : 0;
        long a = s.AdapterSize, p = s.PrefixLength, d = dims.DModel, inner = (long)dims.Heads * dims.HeadDim;
        var groups = new List<ComponentGroup>();
        long start = 0;
        void Add(string name, long rows, long output)
        {
            if (rows == 0) return;
            groups.Add(new ComponentGroup(name, start, rows, output));
            start += rows;
        }
        Add("adapter_down", AdapterSites * a, d);
        Add("adapter_up", AdapterSites * a, d);
        Add("adapter_bias_down", AdapterSites, a);
        Add("adapter_bias_up", AdapterSites, d);
        Add("prefix_key", PrefixSites * p, inner);
        Add("prefix_value", PrefixSites * p, inner);
        Groups = groups;
        Rows = start;
    }

    public ModelDims Dims { get; }
    public long AdapterSites { get; }
    public long PrefixSites { get; }
    public IReadOnlyList<ComponentGroup> Groups { get; }

    /// <summary>Rows of the component table (queries of the hypernetwork's attention).</summary>
    public long Rows { get; }

    public ComponentGroup Group(string name) => Groups.Single(g => g.Name == name);

    /// <summary>The adapter index of feed-forward sub-layer <paramref name="block"/> of the encoder or decoder.</summary>
    public int AdapterSite(bool decoder, int block) => decoder ? Dims.EncoderLayers + block : block;

    /// <summary>The prefix index of layer <paramref name="layer"/> at <paramref name="site"/>.</summary>
    public int PrefixSite(AttentionSite site, int layer) => site switch
    {
        AttentionSite.EncoderSelf => layer,
        AttentionSite.DecoderSelf => Dims.EncoderLayers + layer,
        _ => Dims.EncoderLayers + Dims.DecoderLayers + layer,
    };
}
