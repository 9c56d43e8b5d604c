using System.Text.Json;
using T0Sharp.Models.Checkpoints;
using T0Sharp.Models.Tests.Checkpoints;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Models;

/// <summary>expected_outputs.json and expected_tensors.safetensors of one fixture.</summary>
internal sealed class FixtureExpectations : IDisposable
{
    public JsonElement Root { get; }
    readonly Checkpoint tensors;

    public FixtureExpectations(string fixture)
    {
        Root = JsonDocument.Parse(File.ReadAllText(Fixtures.File(fixture, "expected_outputs.json"))).RootElement;
        tensors = CheckpointReader.Open(Fixtures.File(fixture, "expected_tensors.safetensors"));
    }

    public JsonElement Input(int i) => Root.GetProperty("inputs")[i];
    public int InputCount => Root.GetProperty("inputs").GetArrayLength();
    public bool HasTensor(string name) => tensors.Contains(name);
    public Tensor Tensor(string name) => tensors.Load(name);

    public static int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
    public static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(x => x.GetDouble()).ToArray();

    public void Dispose() => tensors.Dispose();
}

internal static class TensorAssert
{
    /// <summary>|actual - expected| &lt;= atol + rtol * |expected| everywhere (numpy allclose); the message gives the worst element.</summary>
    public static void Close(Tensor expected, Tensor actual, string what, double atol = 1e-4, double rtol = 1e-4)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var scope = NewDisposeScope();
        var e = expected.to(ScalarType.Float64).cpu();
        var a = actual.to(ScalarType.Float64).cpu();
        var excess = a.sub(e).abs().sub(e.abs().mul(rtol).add(atol));
        double worst = excess.max().item<double>();
        double maxDiff = a.sub(e).abs().max().item<double>();
        Assert.True(worst <= 0, $"{what}: max |diff| {maxDiff:E3} exceeds atol {atol:E0} + rtol {rtol:E0}·|expected|");
    }
}
