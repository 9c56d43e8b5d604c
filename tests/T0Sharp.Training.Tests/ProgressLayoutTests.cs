using T0Sharp.Cli.Terminal;
using T0Sharp.Training.Loop;
using T0Sharp.Training.Progress;
using Xunit;

namespace T0Sharp.Training.Tests;

/// <summary>The terminal progress row fits the terminal: at 80 columns it neither collapses nor wraps.</summary>
public class ProgressLayoutTests
{
    static readonly StepEvent Late = new(123_456, 1_000_000, 12.3456, 2.1, 1.234e-4, 0.5, 1_234_567, 10, 10,
        TimeSpan.FromHours(3), TimeSpan.FromHours(30.5));

    [Theory]
    [InlineData(80)]
    [InlineData(100)]
    [InlineData(200)]
    public void The_row_fits_the_width_and_keeps_step_and_loss(int width)
    {
        var summary = TrainingProgress.StepSummary(Late, ConsoleTrainingProgress.SummaryWidth(width));
        Assert.True(summary.Length + 1 + ConsoleTrainingProgress.FixedColumns <= width, $"{summary.Length} + fixed columns > {width}");
        Assert.StartsWith("step 123456/1000000  loss 12.3456", summary);
    }

    [Fact]
    public void Fields_are_dropped_from_the_right_never_cut()
    {
        Assert.Equal("step 123456/1000000  loss 12.3456  lr 1.23e-04", TrainingProgress.StepSummary(Late, 50));
        Assert.Equal("step 123456/1000000  loss 12.3456  lr 1.23e-04  1,234,567 tok/s  ETA 1d06h",
            TrainingProgress.StepSummary(Late, 200));
        Assert.Equal(TrainingProgress.StepSummary(Late), TrainingProgress.StepSummary(Late, 200));
    }
}
