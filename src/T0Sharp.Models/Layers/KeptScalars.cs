using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Models;

/// <summary>
/// Tensor arithmetic with C# numbers whose Scalars live until the native call has returned.
/// <para>
/// TorchSharp 0.107 turns a number passed to a tensor op (and the alpha = 1 that <c>add</c> passes implicitly)
/// into a temporary <see cref="Scalar"/> that holds a raw pointer and is freed only by its finalizer. Once the op
/// has read the pointer the Scalar is unreachable, so a garbage collection started by another thread while libtorch
/// still runs can free it under the op: libtorch then reads freed memory and fails with "INTERNAL ASSERT FAILED at
/// c10/core/Scalar.h" or a wrong-type error. The model, training and scoring paths use these helpers instead: each
/// Scalar is disposed after the op returns, or is a constant kept for the life of the process. Integers stay
/// integer Scalars and floating-point numbers double Scalars, as the implicit conversions made them, so results are
/// bit-identical (<c>KeptScalarsTests</c> checks both).
/// </para>
/// </summary>
public static class KeptScalars
{
    /// <summary>The alpha of tensor + tensor (an int 1, as TorchSharp passes it; its sub between tensors takes none).</summary>
    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>a + b.</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a += b.</summary>
    public static Tensor PlusInPlace(this Tensor a, Tensor b) => a.add_(b, One);

    /// <summary>a += alpha * b.</summary>
    public static Tensor PlusScaledInPlace(this Tensor a, Tensor b, double alpha) { using var s = alpha.ToScalar(); return a.add_(b, s); }

    /// <summary>a += weight * (end - a), the weight a 0-d tensor as TorchSharp's implicit conversion makes it.</summary>
    public static Tensor LerpInPlace(this Tensor a, Tensor end, double weight) { using var w = tensor(weight); return a.lerp_(end, w); }

    /// <summary>a += value * t1 * t2.</summary>
    public static Tensor PlusProductInPlace(this Tensor a, Tensor t1, Tensor t2, double value) { using var s = value.ToScalar(); return a.addcmul_(t1, t2, s); }

    /// <summary>a += value * t1 / t2.</summary>
    public static Tensor PlusQuotientInPlace(this Tensor a, Tensor t1, Tensor t2, double value) { using var s = value.ToScalar(); return a.addcdiv_(t1, t2, s); }

    /// <summary>a + v.</summary>
    public static Tensor Plus(this Tensor a, double v) { using var s = v.ToScalar(); return a.add(s, One); }

    /// <inheritdoc cref="Plus(Tensor, double)"/>
    public static Tensor Plus(this Tensor a, long v) { using var s = v.ToScalar(); return a.add(s, One); }

    /// <summary>a + v in place.</summary>
    public static Tensor PlusInPlace(this Tensor a, double v) { using var s = v.ToScalar(); return a.add_(s, One); }

    /// <summary>a - v.</summary>
    public static Tensor Minus(this Tensor a, long v) { using var s = v.ToScalar(); return a.sub(s); }

    /// <summary>a * v.</summary>
    public static Tensor Times(this Tensor a, double v) { using var s = v.ToScalar(); return a.mul(s); }

    /// <inheritdoc cref="Times(Tensor, double)"/>
    public static Tensor Times(this Tensor a, long v) { using var s = v.ToScalar(); return a.mul(s); }

    /// <summary>a *= v.</summary>
    public static Tensor TimesInPlace(this Tensor a, double v) { using var s = v.ToScalar(); return a.mul_(s); }

    /// <summary>a / v.</summary>
    public static Tensor Over(this Tensor a, double v) { using var s = v.ToScalar(); return a.div(s); }

    /// <inheritdoc cref="Over(Tensor, double)"/>
    public static Tensor Over(this Tensor a, long v) { using var s = v.ToScalar(); return a.div(s); }

    /// <summary>floor(a / v).</summary>
    public static Tensor FloorOver(this Tensor a, long v) { using var s = v.ToScalar(); return a.div(s, rounding_mode: RoundingMode.floor); }

    /// <summary>a mod v (the sign of v, as Python's %).</summary>
    public static Tensor Modulo(this Tensor a, long v) { using var s = v.ToScalar(); return a.remainder(s); }

    /// <summary>a /= v.</summary>
    public static Tensor OverInPlace(this Tensor a, double v) { using var s = v.ToScalar(); return a.div_(s); }

    /// <summary>a ** v.</summary>
    public static Tensor Power(this Tensor a, long v) { using var s = v.ToScalar(); return a.pow(s); }

    /// <inheritdoc cref="Power(Tensor, long)"/>
    public static Tensor Power(this Tensor a, double v) { using var s = v.ToScalar(); return a.pow(s); }

    /// <summary>a with <paramref name="value"/> where <paramref name="mask"/> is true.</summary>
    public static Tensor FillWhere(this Tensor a, Tensor mask, double value) { using var s = value.ToScalar(); return a.masked_fill(mask, s); }

    /// <summary>min(a, v) elementwise.</summary>
    public static Tensor AtMost(this Tensor a, long v) { using var s = v.ToScalar(); return a.clamp_max(s); }

    /// <summary>min(a, v) elementwise, in place.</summary>
    public static Tensor AtMostInPlace(this Tensor a, double v) { using var s = v.ToScalar(); return a.clamp_max_(s); }

    /// <summary>max(a, v) elementwise, in place.</summary>
    public static Tensor AtLeastInPlace(this Tensor a, double v) { using var s = v.ToScalar(); return a.clamp_min_(s); }

    /// <summary>a clamped to [min, max].</summary>
    public static Tensor Between(this Tensor a, double min, double max)
    {
        using var lo = min.ToScalar();
        using var hi = max.ToScalar();
        return a.clamp(lo, hi);
    }

    /// <summary>max(a, v) elementwise.</summary>
    public static Tensor AtLeast(this Tensor a, long v) { using var s = v.ToScalar(); return a.clamp_min(s); }

    /// <summary>max(a, v) elementwise.</summary>
    public static Tensor AtLeast(this Tensor a, double v) { using var s = v.ToScalar(); return a.clamp_min(s); }

    /// <summary>a &gt; v, a &lt; v, a != v.</summary>
    public static Tensor Above(this Tensor a, long v) { using var s = v.ToScalar(); return a.gt(s); }

    /// <summary>a &gt;= v.</summary>
    public static Tensor NotBelow(this Tensor a, long v) { using var s = v.ToScalar(); return a.ge(s); }

    /// <inheritdoc cref="Above(Tensor, long)"/>
    public static Tensor Below(this Tensor a, long v) { using var s = v.ToScalar(); return a.lt(s); }

    /// <summary>a &lt;= v.</summary>
    public static Tensor NotAbove(this Tensor a, double v) { using var s = v.ToScalar(); return a.le(s); }

    /// <inheritdoc cref="Above(Tensor, long)"/>
    public static Tensor NotEqualTo(this Tensor a, long v) { using var s = v.ToScalar(); return a.ne(s); }

    /// <summary>torch.arange(start, stop, step) (int64 unless <paramref name="dtype"/> says otherwise).</summary>
    public static Tensor Range(long start, long stop, Device? device = null, long step = 1, ScalarType dtype = ScalarType.Int64)
    {
        using var a = start.ToScalar();
        using var b = stop.ToScalar();
        using var c = step.ToScalar();
        return arange(a, b, c, dtype, device);
    }

    /// <summary>torch.full(shape, value) of <paramref name="dtype"/>.</summary>
    public static Tensor Filled(long[] shape, double value, ScalarType dtype, Device? device = null)
    {
        using var v = value.ToScalar();
        return full(shape, v, dtype, device);
    }

    /// <summary>torch.full_like(a, value).</summary>
    public static Tensor FilledLike(this Tensor a, long value) { using var v = value.ToScalar(); return full_like(a, v); }

    /// <summary>torch.full(n, value) as int64.</summary>
    public static Tensor Filled(long n, long value, Device? device = null)
    {
        using var v = value.ToScalar();
        return full([n], v, ScalarType.Int64, device);
    }
}
