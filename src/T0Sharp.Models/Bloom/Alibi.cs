using static TorchSharp.torch;

namespace T0Sharp.Models.Bloom;

/// <summary>
/// ALiBi (Press et al.): each head adds slope_h * key_position to its scores. Slopes form a geometric sequence for
/// the largest power of two ≤ n_head; remaining heads take every other slope of the sequence for twice that many
/// (Hugging Face build_alibi_tensor, computed with the same fp32 operations). Positions come from the attention mask's
/// cumulative sum, so left padding does not shift them.
/// </summary>
public static class Alibi
{
    /// <summary>Per-head slopes (n_head,), fp32.</summary>
    public static Tensor Slopes(int nHead, Device? device = null)
    {
        using var scope = NewDisposeScope();
        int closest = 1 << (int)Math.Floor(Math.Log2(nHead));
        var b = tensor((float)Math.Pow(2, -Math.Pow(2, -(Math.Log2(closest) - 3))), device: device);
        var slopes = b.pow(KeptScalars.Range(1, 1 + closest, device, dtype: ScalarType.Int32));
        if (closest != nHead)
        {
            var extraBase = tensor((float)Math.Pow(2, -Math.Pow(2, -(Math.Log2(2 * closest) - 3))), device: device);
            int remaining = Math.Min(closest, nHead - closest);
            var extraPowers = KeptScalars.Range(1, 1 + 2 * remaining, device, step: 2, dtype: ScalarType.Int32);
            slopes = cat([slopes, extraBase.pow(extraPowers)], 0);
        }
        return slopes.MoveToOuterDisposeScope();
    }

    /// <summary>Bias (B, H, 1, S) from a (B, S) 1/0 attention mask, or from explicit (B, S) positions.</summary>
    public static Tensor Build(Tensor attentionMask, int nHead, ScalarType dtype, Tensor? positions = null)
    {
        using var scope = NewDisposeScope();
        var mask = attentionMask.to(ScalarType.Int64);
        var pos = positions ?? mask.cumsum(-1).Minus(1).mul(mask); // (B, S)
        var slopes = Slopes(nHead, attentionMask.device).unsqueeze(-1); // (H, 1)
        var alibi = slopes.mul(pos.unsqueeze(1)); // (B, H, S)
        return alibi.unsqueeze(2).to(dtype).MoveToOuterDisposeScope(); // (B, H, 1, S)
    }
}
