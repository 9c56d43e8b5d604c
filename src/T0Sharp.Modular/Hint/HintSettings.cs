using T0Sharp.Modular.Contract;

namespace T0Sharp.Modular.Hint;

/// <summary>
/// HINT's hyperparameters (Ivison et al. 2023, allenai/hyper-task-descriptions' <c>HyperT5Config</c>), as written under
/// <c>modular:</c>. Defaults are the reference's T0 settings except <see cref="PrefixLength"/> and
/// <see cref="AdapterSize"/>, which are sized for small models here (the reference: 30 and 64, 512 at T5-XL).
/// </summary>
/// <param name="AdapterSize">a: width of the generated feed-forward adapters (0: no adapters).</param>
/// <param name="PrefixLength">P: generated prefix keys/values per attention layer (0: no prefixes).</param>
/// <param name="Fusion">Fusion-in-decoder: the encoded instruction joins the encoder output for cross-attention.</param>
/// <param name="CacheInstructions">At inference (eval mode, no gradients) generate each distinct instruction's
/// parameters once and reuse them for every row that carries it.</param>
public sealed record HintSettings(int AdapterSize, int PrefixLength, bool Fusion, bool CacheInstructions)
{
    public static HintSettings Read(ModularSettings s)
    {
        var adapter = s.Int("adapter_size", 8, min: 0);
        var prefix = s.Int("prefix_length", 4, min: 0);
        var fusion = s.Bool("fusion", false);
        if (adapter == 0 && prefix == 0 && !fusion)
            throw s.Error("prefix_length", "adapter_size and prefix_length are both 0 and fusion is off: HINT would change nothing");
        return new HintSettings(adapter, prefix, fusion, s.Bool("cache_instructions", true));
    }
}
