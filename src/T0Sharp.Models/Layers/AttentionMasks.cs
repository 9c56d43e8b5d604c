using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// Boolean "may attend" masks, broadcastable to (B, 1, T, S), and their additive form. Packed rows carry segment ids
/// (0 = padding, 1.. = example): a query only sees keys of its own segment, so packed examples never interact.
/// </summary>
public static class AttentionMasks
{
    /// <summary>Keys a query may see from a (B, S) 1/0 padding mask: (B, 1, 1, S).</summary>
    public static Tensor FromPadding(Tensor attentionMask) => attentionMask.NotEqualTo(0).unsqueeze(1).unsqueeze(1);

    /// <summary>Same-segment mask (B, 1, T, S) from query segments (B, T) and key segments (B, S); key segment 0 is padding.</summary>
    public static Tensor SameSegment(Tensor querySegments, Tensor keySegments) =>
        querySegments.unsqueeze(2).eq(keySegments.unsqueeze(1)).logical_and(keySegments.NotEqualTo(0).unsqueeze(1)).unsqueeze(1);

    /// <summary>Causal mask (1, 1, T, past+T): query i (absolute position past+i) sees keys 0..past+i.</summary>
    public static Tensor Causal(long queryLength, long pastLength, Device device)
    {
        var q = KeptScalars.Range(pastLength, pastLength + queryLength, device).unsqueeze(1);
        var k = KeptScalars.Range(0, pastLength + queryLength, device).unsqueeze(0);
        return k.le(q).unsqueeze(0).unsqueeze(0);
    }

    public static Tensor And(Tensor? a, Tensor b) => a is null ? b : a.logical_and(b);

    /// <summary>Additive mask as Hugging Face builds it: 0 where allowed, the dtype's most negative value elsewhere.</summary>
    public static Tensor Additive(Tensor allowed, ScalarType dtype) =>
        allowed.logical_not().to(dtype).Times(MinValue(dtype));

    /// <summary>torch.finfo(dtype).min.</summary>
    public static double MinValue(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => float.MinValue,
        ScalarType.Float64 => double.MinValue,
        ScalarType.BFloat16 => -3.3895313892515355e38,
        ScalarType.Float16 => -65504.0,
        _ => throw new ArgumentException($"Not a floating dtype: {dtype}"),
    };
}

/// <summary>Moving tensors collected inside a dispose scope out to the caller's scope.</summary>
internal static class ScopeEscape
{
    /// <summary>Moves <paramref name="result"/> and every collected hidden state out of the current scope, each once.</summary>
    public static Tensor WithStates(Tensor result, IList<Tensor>? states)
    {
        if (states is not null)
            foreach (var s in states.Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>())
                if (!ReferenceEquals(s, result)) s.MoveToOuterDisposeScope();
        return result.MoveToOuterDisposeScope();
    }
}
