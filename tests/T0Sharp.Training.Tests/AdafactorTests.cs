using T0Sharp.Training.Optim;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace T0Sharp.Training.Tests;

/// <summary>Adafactor against three hand-computed steps (tools/reference/adafactor_reference.py, float64 Python following HF line by line).</summary>
public class AdafactorTests
{
    static readonly float[] W0 = [0.5f, -0.25f, 0.125f, 1.0f, -2.0f, 0.75f];
    static readonly float[] B0 = [0.1f, -0.2f, 0.3f];
    static readonly (float[] W, float[] B)[] Grads =
    [
        ([0.1f, -0.2f, 0.3f, -0.4f, 0.5f, -0.6f], [0.01f, 0.02f, -0.03f]),
        ([-0.05f, 0.15f, 0.25f, 0.35f, -0.45f, 0.55f], [-0.02f, 0.04f, 0.06f]),
        ([0.2f, 0.1f, -0.1f, 0.3f, 0.0f, -0.2f], [0.05f, -0.01f, 0.02f]),
    ];

    static readonly Dictionary<string, (double[] W, double[] B)> Expected = new()
    {
        ["T5Recipe"] = (new double[] { 0.4984061171030684, -0.2504921566942912, 0.12328551194765205, 0.9991799210135196, -2.000045316824336, 0.7504699745328893 }, new double[] { 0.09855502255527965, -0.20161608029469222, 0.2994998725871706 }),
        ["Momentum"] = (new double[] { 0.49766819703957726, -0.24959690097497877, 0.12037835067060551, 1.000089963220258, -2.0009036840348235, 0.7512911067073981 }, new double[] { 0.09774502255527966, -0.20422608029469222, 0.3003098725871706 }),
        ["ScaleParameterWeightDecay"] = (new double[] { 0.4827769376051061, -0.2541632657451102, 0.10761670491144178, 0.9888709098370168, -1.994454918902013, 0.7523682212313252 }, new double[] { 0.09680878537382656, -0.20336776141869067, 0.2987048084489027 }),
        ["RelativeStep"] = (new double[] { 0.4842313205871636, -0.25491581155357196, 0.10795445416544865, 0.9918262055727524, -2.000398663871028, 0.7546060270680167 }, new double[] { 0.09687247635948287, -0.2034993737107938, 0.29889948157781726 }),
        ["RelativeStepWarmupInit"] = (new double[] { 0.49999610009718515, -0.2500025658850752, 0.12499820073258218, 0.9999964231394243, -1.9999990812730704, 0.7500004003200289 }, new double[] { 0.09999666506766584, -0.2000018482408841, 0.29999749961776145 }),
        ["ClipThresholdHalf"] = (new double[] { 0.498995596706437, -0.25038999424471686, 0.12413762441417693, 0.9993942093179259, -1.9999748505105828, 0.7502605089485991 }, new double[] { 0.09920624508981728, -0.20078910525398344, 0.2997252700441098 }),
    };

    public static TheoryData<string, double, AdafactorSettings> Cases => new()
    {
        { "T5Recipe", 1e-3, new AdafactorSettings() },
        { "Momentum", 1e-2, new AdafactorSettings(Beta1: 0.9) },
        { "ScaleParameterWeightDecay", 1e-2, new AdafactorSettings(ScaleParameter: true, WeightDecay: 0.1) },
        { "RelativeStep", 0.0, new AdafactorSettings(RelativeStep: true, ScaleParameter: true) },
        { "RelativeStepWarmupInit", 0.0, new AdafactorSettings(RelativeStep: true, WarmupInit: true) },
        { "ClipThresholdHalf", 1e-3, new AdafactorSettings(ClipThreshold: 0.5) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Three_steps_match_hand_computed_values(string name, double lr, AdafactorSettings settings)
    {
        using var w = new Parameter(tensor(W0, [2, 3]));
        using var b = new Parameter(tensor(B0, [3]));
        using var opt = new Adafactor([("w", w), ("b", b)], settings);
        foreach (var (gw, gb) in Grads)
        {
            w.grad = tensor(gw, [2, 3]);
            b.grad = tensor(gb, [3]);
            opt.Step(lr);
        }
        var (ew, eb) = Expected[name];
        AssertClose(ew, w.data<float>().ToArray(), name + " w");
        AssertClose(eb, b.data<float>().ToArray(), name + " b");
    }

    [Fact]
    public void Matrices_keep_factored_state_and_vectors_a_full_second_moment()
    {
        using var w = new Parameter(tensor(W0, [2, 3]));
        using var b = new Parameter(tensor(B0, [3]));
        using var opt = new Adafactor([("w", w), ("b", b)], new AdafactorSettings());
        w.grad = tensor(Grads[0].W, [2, 3]);
        b.grad = tensor(Grads[0].B, [3]);
        opt.Step(1e-3);
        var state = opt.StateDict();
        Assert.Equal(new long[] { 2 }, state["w.exp_avg_sq_row"].shape);
        Assert.Equal(new long[] { 3 }, state["w.exp_avg_sq_col"].shape);
        Assert.Equal(new long[] { 3 }, state["b.exp_avg_sq"].shape);
        Assert.False(state.ContainsKey("w.exp_avg_sq"));
        // Step 1: beta2_t = 1 - 1^-0.8 = 0, so the row factor is exactly the row mean of g² + eps1.
        Assert.Equal((0.01 + 0.04 + 0.09) / 3, state["w.exp_avg_sq_row"].data<float>()[0], 6);
    }

    static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 2e-6 + 1e-6 * Math.Abs(expected[i]),
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
    }
}
