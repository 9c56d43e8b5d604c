using static TorchSharp.torch;

namespace T0Sharp.Modular.Hint;

/// <summary>
/// The parameters HINT generated for a batch of instructions, one row per instruction. Adapters (null without
/// adapters): down (B, A, a, d), row j of site s's down-projection weight; up (B, A, a, d), its up-projection as
/// z·Up; biases (B, A, a) and (B, A, d). Prefixes (null without prefixes): keys and values (B, S, H, P, Dh). The
/// encoded instruction (B, L, d), padding zeroed, and its (B, L) mask, for fusion-in-decoder (null without fusion).
/// </summary>
public sealed record HintParameters(Tensor? Down, Tensor? Up, Tensor? BiasDown, Tensor? BiasUp,
    Tensor? PrefixKey, Tensor? PrefixValue, Tensor? Instruction, Tensor? InstructionMask) : IDisposable
{
    /// <summary>Shapes the hypernetwork's per-group outputs into per-site tensors.</summary>
    public static HintParameters From(Dictionary<string, Tensor> generated, HintLayout layout, HintSettings s, Tensor? instruction, Tensor? mask)
    {
        long b = generated.Count > 0 ? generated.Values.First().shape[0] : instruction!.shape[0], a = s.AdapterSize, p = s.PrefixLength;
        var dims = layout.Dims;
        Tensor? Adapter(string name, params long[] tail) => layout.AdapterSites == 0 ? null
            : generated[name].reshape([b, layout.AdapterSites, .. tail]);
        Tensor? Prefix(string name) => layout.PrefixSites == 0 ? null
            : generated[name].view(b, layout.PrefixSites, p, dims.Heads, dims.HeadDim).permute(0, 1, 3, 2, 4); // (B, S, H, P, Dh)
        return new HintParameters(Adapter("adapter_down", a, dims.DModel), Adapter("adapter_up", a, dims.DModel),
            Adapter("adapter_bias_down", a), Adapter("adapter_bias_up", dims.DModel),
            Prefix("prefix_key"), Prefix("prefix_value"), instruction, mask);
    }

    IEnumerable<Tensor?> All => [Down, Up, BiasDown, BiasUp, PrefixKey, PrefixValue, Instruction, InstructionMask];

    /// <summary>The rows of several parameter sets one after the other; instructions are right-padded to the longest.</summary>
    public static HintParameters Cat(IReadOnlyList<HintParameters> parts)
    {
        Tensor? Join(Func<HintParameters, Tensor?> f) => f(parts[0]) is null ? null : cat(parts.Select(x => f(x)!).ToArray(), 0);
        Tensor? instruction = null, mask = null;
        if (parts[0].Instruction is not null)
        {
            var width = parts.Max(x => x.Instruction!.shape[1]);
            instruction = cat(parts.Select(x => nn.functional.pad(x.Instruction!, [0, 0, 0, width - x.Instruction!.shape[1]])).ToArray(), 0);
            mask = cat(parts.Select(x => nn.functional.pad(x.InstructionMask!, [0, width - x.InstructionMask!.shape[1]])).ToArray(), 0);
        }
        return new HintParameters(Join(x => x.Down), Join(x => x.Up), Join(x => x.BiasDown), Join(x => x.BiasUp),
            Join(x => x.PrefixKey), Join(x => x.PrefixValue), instruction, mask);
    }

    /// <summary>Rows <paramref name="rows"/> (int64 indices) of every tensor, in that order.</summary>
    public HintParameters Select(Tensor rows) => new(Down?.index_select(0, rows), Up?.index_select(0, rows),
        BiasDown?.index_select(0, rows), BiasUp?.index_select(0, rows), PrefixKey?.index_select(0, rows),
        PrefixValue?.index_select(0, rows), Instruction?.index_select(0, rows), InstructionMask?.index_select(0, rows));

    /// <summary>New handles to the same tensors (no copy): disposing them leaves these alive (cache entries lent to a call).</summary>
    public HintParameters Alias() => new(Down?.alias(), Up?.alias(), BiasDown?.alias(), BiasUp?.alias(), PrefixKey?.alias(),
        PrefixValue?.alias(), Instruction?.alias(), InstructionMask?.alias());

    /// <summary>The same tensors detached from every dispose scope: the holder disposes them (<see cref="Dispose"/>).</summary>
    public HintParameters Detached()
    {
        foreach (var t in All) t?.DetachFromDisposeScope();
        return this;
    }

    /// <summary>Rows described: the call's rows, or 1 when every row of the call shares these parameters (broadcast).</summary>
    public long Rows => (Down ?? PrefixKey ?? Instruction)!.shape[0];

    public void Dispose()
    {
        foreach (var t in All) t?.Dispose();
    }
}
