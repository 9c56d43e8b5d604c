using T0Sharp.Training.Optim;
using T0Sharp.Training.Options;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace T0Sharp.Training.Tests;

public class AdamWAndScheduleTests
{
    [Fact]
    public void AdamW_matches_torch_AdamW()
    {
        manual_seed(5);
        var init = randn(4, 3);
        using var mine = new Parameter(init.clone());
        using var theirs = new Parameter(init.clone());
        using var opt = new T0Sharp.Training.Optim.AdamW([("p", mine)], 0.9, 0.99, 1e-8, 0.05);
        var reference = optim.AdamW([theirs], lr: 3e-3, beta1: 0.9, beta2: 0.99, eps: 1e-8, weight_decay: 0.05);
        for (var s = 0; s < 5; s++)
        {
            var g = randn(4, 3);
            mine.grad = g.clone();
            theirs.grad = g.clone();
            opt.Step(3e-3);
            reference.step();
        }
        var a = mine.data<float>().ToArray();
        var b = theirs.data<float>().ToArray();
        for (var i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 6);
        Assert.NotEqual(init.data<float>()[0], a[0]);
    }

    [Fact]
    public void AdamW_first_step_by_hand()
    {
        // Step 1: m̂ = g, v̂ = g², so the update is lr * g / (|g| + eps) = lr * sign(g), after decay p *= 1 - lr*wd.
        using var p = new Parameter(tensor(new[] { 1.0f, -2.0f }));
        using var opt = new T0Sharp.Training.Optim.AdamW([("p", p)], weightDecay: 0.1);
        p.grad = tensor(new[] { 0.5f, -0.25f });
        opt.Step(0.01);
        var v = p.data<float>().ToArray();
        Assert.Equal(1.0 * (1 - 0.001) - 0.01 * 0.5 / (0.5 + 1e-8), v[0], 6);
        Assert.Equal(-2.0 * (1 - 0.001) + 0.01 * 0.25 / (0.25 + 1e-8), v[1], 6);
    }

    [Fact]
    public void Schedules_follow_their_definitions()
    {
        var constant = new LearningRateSchedule(ScheduleKind.Constant, 1e-3, 0, 100);
        Assert.Equal(1e-3, constant.At(1));
        Assert.Equal(1e-3, constant.At(12200));
        var warm = new LearningRateSchedule(ScheduleKind.Constant, 1e-3, 10, 100);
        Assert.Equal(5e-4, warm.At(5), 12);
        var linear = new LearningRateSchedule(ScheduleKind.Linear, 1e-3, 10, 110, 0.0);
        Assert.Equal(1e-4, linear.At(1), 12);
        Assert.Equal(1e-3, linear.At(10), 12);
        Assert.Equal(5e-4, linear.At(60), 12);
        Assert.Equal(0.0, linear.At(110), 12);
        var rsqrt = new LearningRateSchedule(ScheduleKind.Rsqrt, 0.01, 10000, 100000);
        Assert.Equal(0.01, rsqrt.At(1), 12);           // T5: 1/sqrt(max(step, 10k)) = 0.01 during warmup
        Assert.Equal(0.01, rsqrt.At(10000), 12);
        Assert.Equal(1 / Math.Sqrt(40000), rsqrt.At(40000), 12);
    }

    [Fact]
    public void Global_norm_clipping_scales_all_gradients_together()
    {
        using var a = new Parameter(zeros(2));
        using var b = new Parameter(zeros(1));
        a.grad = tensor(new[] { 3.0f, 0.0f });
        b.grad = tensor(new[] { 4.0f });
        var norm = GradientClipping.ClipByGlobalNorm([a, b], 1.0);
        Assert.Equal(5.0, norm.item<float>(), 5);
        Assert.Equal(0.6, a.grad.data<float>()[0], 5);
        Assert.Equal(0.8, b.grad.data<float>()[0], 5);
        var unclipped = GradientClipping.ClipByGlobalNorm([a, b], 10.0);
        Assert.Equal(1.0, unclipped.item<float>(), 5);
        Assert.Equal(0.6, a.grad.data<float>()[0], 5);
    }
}
