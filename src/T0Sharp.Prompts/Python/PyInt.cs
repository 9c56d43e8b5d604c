using System.Numerics;

namespace T0Sharp.Prompts.Python;

/// <summary>
/// Python's unbounded <c>int</c>: values that fit in 64 bits are <see cref="long"/>, larger ones
/// <see cref="BigInteger"/> (always normalised back to <see cref="long"/> when they fit again), so the fast 64-bit
/// path stays the common one and overflow promotes instead of failing.
/// </summary>
public static class PyInt
{
    /// <summary>The integer value of int, long, bool or BigInteger.</summary>
    public static bool TryGet(object? v, out BigInteger value)
    {
        switch (v)
        {
            case long l: value = l; return true;
            case int i: value = i; return true;
            case bool b: value = b ? BigInteger.One : BigInteger.Zero; return true;
            case BigInteger bi: value = bi; return true;
            default: value = BigInteger.Zero; return false;
        }
    }

    /// <summary>True when both are Python ints and at least one is beyond 64 bits.</summary>
    public static bool TryGetBig(object? a, object? b, out BigInteger x, out BigInteger y)
    {
        x = y = BigInteger.Zero;
        return (a is BigInteger || b is BigInteger) && TryGet(a, out x) && TryGet(b, out y);
    }

    /// <summary>The value as a Python int: <see cref="long"/> when it fits, else <see cref="BigInteger"/>.</summary>
    public static object Normalize(BigInteger v) => v >= long.MinValue && v <= long.MaxValue ? (object)(long)v : v;

    /// <summary>Python <c>float(int)</c>: OverflowError past the double range.</summary>
    public static double ToDouble(BigInteger v)
    {
        var d = (double)v;
        if (double.IsInfinity(d)) throw new PyException("OverflowError", "int too large to convert to float");
        return d;
    }

    /// <summary>Exact comparison of an int with a float, as Python does (no rounding of the int); NaN gives int.MinValue.</summary>
    public static int CompareWithFloat(BigInteger a, double b)
    {
        if (double.IsNaN(b)) return int.MinValue;
        if (double.IsPositiveInfinity(b)) return -1;
        if (double.IsNegativeInfinity(b)) return 1;
        var floor = Math.Floor(b);
        int c = a.CompareTo(new BigInteger(floor));
        if (c != 0) return c;
        return b > floor ? -1 : 0;
    }

    /// <summary>The value as a sequence index or repeat count: OverflowError when it does not fit, as CPython says.</summary>
    public static long ToIndex(BigInteger v) => v >= long.MinValue && v <= long.MaxValue
        ? (long)v
        : throw new PyException("OverflowError", "cannot fit 'int' into an index-sized integer");

    /// <summary>Python <c>a // b</c> (floor division) on ints.</summary>
    public static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        var q = BigInteger.DivRem(a, b, out var r);
        if (!r.IsZero && (r.Sign < 0) != (b.Sign < 0)) q -= 1;
        return q;
    }

    /// <summary>Python <c>a % b</c> on ints (the result takes the divisor's sign).</summary>
    public static BigInteger Mod(BigInteger a, BigInteger b)
    {
        var r = BigInteger.Remainder(a, b);
        if (!r.IsZero && (r.Sign < 0) != (b.Sign < 0)) r += b;
        return r;
    }
}
