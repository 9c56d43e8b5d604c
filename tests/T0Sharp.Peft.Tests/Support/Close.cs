using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Support;

/// <summary>Tolerance checks that report the largest difference (recorded by <see cref="ParityLog"/>).</summary>
internal static class Close
{
    /// <summary>Max |a - e|; asserts |a - e| ≤ atol + rtol·|e| everywhere (numpy allclose).</summary>
    public static double Tensors(Tensor expected, Tensor actual, string what, double atol = 1e-4, double rtol = 1e-4)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var scope = NewDisposeScope();
        var e = expected.to(ScalarType.Float64).cpu();
        var a = actual.to(ScalarType.Float64).cpu();
        var diff = a.sub(e).abs();
        var worst = diff.sub(e.abs().mul(rtol).add(atol)).max().item<double>();
        var max = diff.max().item<double>();
        Assert.True(worst <= 0, $"{what}: max |diff| {max:E3} exceeds atol {atol:E0} + rtol {rtol:E0}·|expected|");
        return max;
    }

    /// <summary>Max |a - e| / max|e|; asserts it is at most <paramref name="relative"/> (gradient comparison).</summary>
    public static double Relative(Tensor expected, Tensor actual, string what, double relative = 1e-4)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var scope = NewDisposeScope();
        var e = expected.to(ScalarType.Float64).cpu();
        var a = actual.to(ScalarType.Float64).cpu();
        var scale = Math.Max(e.abs().max().item<double>(), 1e-30);
        var rel = a.sub(e).abs().max().item<double>() / scale;
        Assert.True(rel <= relative, $"{what}: max |diff| is {rel:E3} of the tensor's max magnitude {scale:E3} (limit {relative:E0})");
        return rel;
    }
}

/// <summary>Appends the largest differences per fixture to a file in the test output (for the parity figures in docs/peft.md).</summary>
internal static class ParityLog
{
    static readonly object Gate = new();

    public static void Record(string fixture, string what, double value)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "peft-parity.tsv");
        lock (Gate) File.AppendAllText(path, $"{fixture}\t{what}\t{value:E3}\n");
    }
}
