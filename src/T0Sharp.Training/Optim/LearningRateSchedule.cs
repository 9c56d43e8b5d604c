using T0Sharp.Training.Options;

namespace T0Sharp.Training.Optim;

/// <summary>
/// Learning rate as a pure function of the (1-based) optimizer step, so the schedule's state is the step count.
/// constant: optional linear warmup, then the peak (T0: 1e-3 throughout). linear: warmup from 0 to the peak,
/// then linear decay to the final rate at the last step. rsqrt: T5's inverse square root,
/// peak * sqrt(warmup) / sqrt(max(step, warmup)) — flat during warmup, then decaying.
/// </summary>
public sealed record LearningRateSchedule(ScheduleKind Kind, double Peak, int WarmupSteps, int TotalSteps, double Final = 0.0)
{
    public static LearningRateSchedule From(TrainOptions o) =>
        new(o.Schedule.Name, o.Optimizer.LearningRate, o.Schedule.WarmupSteps, o.Run.MaxSteps, o.Schedule.FinalLearningRate);

    public double At(long step)
    {
        if (step < 1) step = 1;
        switch (Kind)
        {
            case ScheduleKind.Constant:
                return WarmupSteps > 0 && step < WarmupSteps ? Peak * step / WarmupSteps : Peak;
            case ScheduleKind.Linear:
                if (WarmupSteps > 0 && step < WarmupSteps) return Peak * step / WarmupSteps;
                var span = Math.Max(1, TotalSteps - WarmupSteps);
                var frac = Math.Clamp((double)(step - WarmupSteps) / span, 0.0, 1.0);
                return Peak + (Final - Peak) * frac;
            case ScheduleKind.Rsqrt:
                return Peak * Math.Sqrt(WarmupSteps) / Math.Sqrt(Math.Max(step, WarmupSteps));
            default:
                throw new ArgumentOutOfRangeException(nameof(Kind), Kind, null);
        }
    }
}
