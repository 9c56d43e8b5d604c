using T0Sharp.Training.Loop;

namespace T0Sharp.Training.Metrics;

/// <summary>Routes trainer events to metrics.jsonl and TensorBoard (train/* and eval/* scalars).</summary>
public static class MetricsSink
{
    public static void Write(TrainerEvent e, MetricsJsonlWriter? jsonl, TensorBoardWriter? tb)
    {
        switch (e)
        {
            case StepEvent s:
                var train = new Dictionary<string, double?>
                {
                    ["loss"] = s.Loss, ["token_loss"] = s.TokenLoss, ["learning_rate"] = s.LearningRate,
                    ["grad_norm"] = s.GradNorm, ["tokens_per_second"] = s.TokensPerSecond,
                    ["target_tokens_seen"] = s.TargetTokensSeen, ["input_tokens_seen"] = s.InputTokensSeen,
                    ["elapsed_seconds"] = s.Elapsed.TotalSeconds,
                };
                // the terms of objectives with several (t_few, flipped) as loss_<term>
                if (s.Terms is { Count: > 1 } terms)
                    foreach (var (name, value) in terms) train["loss_" + name] = value;
                jsonl?.Write("train", s.Step, train);
                if (tb != null)
                {
                    foreach (var k in new[] { "loss", "token_loss", "learning_rate", "grad_norm", "tokens_per_second" }.Concat(train.Keys.Where(k => k.StartsWith("loss_"))))
                        tb.AddScalar("train/" + k, train[k]!.Value, s.Step);
                    tb.Flush();
                }
                break;
            case EvalEvent v:
                var eval = new Dictionary<string, double?> { ["loss"] = v.Loss, ["accuracy"] = v.Accuracy };
                foreach (var (task, acc) in v.TaskAccuracy) eval["accuracy/" + task] = acc;
                jsonl?.Write("eval", v.Step, eval);
                if (tb != null)
                {
                    foreach (var (k, val) in eval) if (val is double d) tb.AddScalar("eval/" + k, d, v.Step);
                    tb.Flush();
                }
                break;
        }
    }
}
