namespace T0Sharp.Training.Options;

/// <summary>Cross-field checks on resolved options; each failure names the key(s) and the fix.</summary>
public static class OptionsValidator
{
    public static void Validate(TrainOptions o)
    {
        var errors = new List<string>();
        void Check(bool ok, string message) { if (!ok) errors.Add(message); }

        Check(o.Run.MaxSteps > 0, $"run.max_steps must be positive (got {o.Run.MaxSteps})");
        Check(!string.IsNullOrWhiteSpace(o.Run.OutputDir), "run.output_dir must be set");
        Check(o.Run.Dtype is "float32" or "bfloat16",
            o.Run.Dtype == "float16"
                ? "run.dtype float16 is refused: T5 activations overflow in fp16 (use bfloat16 or float32)"
                : $"run.dtype must be float32 or bfloat16 (got '{o.Run.Dtype}')");
        Check(o.Run.Threads >= 0, "run.threads must be >= 0");
        Check(o.Data.InputLength > 0 && o.Data.TargetLength > 0, "data.input_length and data.target_length must be positive");
        Check(o.Data.BatchSize > 0 && o.Data.MicroBatchSize > 0, "data.batch_size and data.micro_batch_size must be positive");
        Check(T0Sharp.Data.Features.EosConvention.TryParse(o.Data.EosConvention, out _),
            $"data.eos_convention must be t-zero, t-few or lm-eval (got '{o.Data.EosConvention}')");
        Check(o.Data.MicroBatchSize <= 0 || o.Data.BatchSize % o.Data.MicroBatchSize == 0,
            $"data.batch_size ({o.Data.BatchSize}) must be a multiple of data.micro_batch_size ({o.Data.MicroBatchSize})");
        Check(o.Optimizer.LearningRate > 0 || o.Optimizer.RelativeStep, "optimizer.learning_rate must be positive");
        Check(o.Optimizer.WeightDecay >= 0, "optimizer.weight_decay must be >= 0");
        Check(o.Optimizer.GradClipNorm >= 0, "optimizer.grad_clip_norm must be >= 0 (0 disables clipping)");
        Check(o.Optimizer.Beta1 is null or (>= 0 and < 1), "optimizer.beta1 must be in [0, 1) or null");
        Check(o.Optimizer.Beta2 is > 0 and < 1, "optimizer.beta2 must be in (0, 1)");
        Check(o.Optimizer.ClipThreshold > 0, "optimizer.clip_threshold must be positive");
        Check(!o.Optimizer.RelativeStep || o.Optimizer.Name == OptimizerKind.Adafactor, "optimizer.relative_step applies to adafactor only");
        Check(!o.Optimizer.WarmupInit || o.Optimizer.RelativeStep, "optimizer.warmup_init needs optimizer.relative_step: true");
        Check(!o.Optimizer.RelativeStep || o.Schedule.Name == ScheduleKind.Constant && o.Schedule.WarmupSteps == 0,
            "optimizer.relative_step computes its own step size: use schedule.name constant with warmup_steps 0");
        Check(o.Schedule.WarmupSteps >= 0, "schedule.warmup_steps must be >= 0");
        Check(o.Schedule.Name != ScheduleKind.Rsqrt || o.Schedule.WarmupSteps > 0, "schedule.name rsqrt needs schedule.warmup_steps > 0 (T5 used 10,000)");
        Check(o.Schedule.FinalLearningRate >= 0, "schedule.final_learning_rate must be >= 0");
        Check(o.Checkpoint.EverySteps >= 0 && o.Checkpoint.KeepLast >= 0, "checkpoint.every_steps and checkpoint.keep_last must be >= 0");
        Check(o.Logging.EverySteps > 0, "logging.every_steps must be positive");
        Check(o.Eval.EverySteps >= 0 && o.Eval.MaxExamples >= 0, "eval.every_steps and eval.max_examples must be >= 0");
        Check(o.Eval.BestMetric is "loss" or "accuracy", $"eval.best_metric must be loss or accuracy (got '{o.Eval.BestMetric}')");
        Check(o.Distributed.Backend is "auto" or "mpi" or "nccl" or "single",
            $"distributed.backend must be auto, mpi, nccl or single (got '{o.Distributed.Backend}')");
        Check(o.Distributed.BucketMb > 0, "distributed.bucket_mb must be positive");
        Check(o.Distributed.TimeoutSeconds >= 0, "distributed.timeout_seconds must be >= 0 (0 disables the watchdog)");
        Check(o.Data.TextFiles is null || o.Data.TrainFiles is null, "data.text_files and data.train_files are alternatives: set one");
        Check(o.Data.ValidationTextFiles is null || o.Data.TextFiles is not null, "data.validation_text_files needs data.text_files (a pretraining run)");
        Check(o.Data.ValidationTextFiles is null || o.Data.ValidationFiles is null, "data.validation_text_files and data.validation_files are alternatives: set one");
        Check(o.Data.TextFiles is null || o.Loss.Objective == ObjectiveKind.Lm, "data.text_files (pretraining) needs loss.objective lm");
        Check(o.Data.TextFiles is null || o.Data.FewShot == 0, "data.few_shot does not apply to data.text_files");
        Check(!string.IsNullOrWhiteSpace(o.Data.TextField), "data.text_field must name a JSON field");
        Check(o.Pretraining.NoiseDensity is > 0 and < 1, $"pretraining.noise_density must be in (0, 1) (got {o.Pretraining.NoiseDensity})");
        Check(o.Pretraining.MeanNoiseSpanLength >= 1, $"pretraining.mean_noise_span_length must be at least 1 (got {o.Pretraining.MeanNoiseSpanLength})");
        Check(o.Pretraining.ClmRate is >= 0 and <= 1, $"pretraining.clm_rate must be in [0, 1] (got {o.Pretraining.ClmRate})");
        Check(Ul2DenoisersError(o.Pretraining.Denoisers) is null, $"pretraining.denoisers: {Ul2DenoisersError(o.Pretraining.Denoisers)}");
        Check(o.Model.DropoutRate is null or (>= 0 and < 1), "model.dropout_rate must be in [0, 1) or null");
        if (errors.Count > 0) throw new OptionsException("invalid configuration:\n  " + string.Join("\n  ", errors));
    }

    static string? Ul2DenoisersError(string spec)
    {
        try { T0Sharp.Data.Pretraining.Ul2Denoiser.ParseList(spec); return null; }
        catch (FormatException e) { return e.Message; }
    }
}
