using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace T0Sharp.Training.Loop;

/// <summary>Token-level cross-entropy in float32, weighted and summed.</summary>
public static class TokenLoss
{
    /// <summary>Per-token cross-entropy (Rows, T) from logits (Rows, T, V) and int64 targets (Rows, T), computed in float32.</summary>
    public static Tensor PerToken(Tensor logits, Tensor targets)
    {
        var v = logits.shape[^1];
        var flat = logits.reshape(-1, v).to(ScalarType.Float32); // (Rows*T, V)
        return F.cross_entropy(flat, targets.reshape(-1), reduction: nn.Reduction.None).reshape(targets.shape);
    }

    /// <summary>sum(weights × per-token cross-entropy): the step objective's share for one micro-batch.</summary>
    public static Tensor Weighted(Tensor logits, Tensor targets, Tensor weights) =>
        PerToken(logits, targets).mul(weights).sum();
}
