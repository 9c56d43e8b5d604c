namespace T0Sharp.Training.Options;

// The run options: one immutable record tree, read from YAML (snake_case keys) plus --section.key=value
// overrides by OptionsLoader. Every default lives here, once. Run *state* (step, RNG, data cursor) is RunState.

/// <summary>All options of a training run. Sections map to top-level YAML keys.</summary>
public sealed record TrainOptions
{
    public RunSection Run { get; init; } = new();
    public ModelSection Model { get; init; } = new();
    public DataSection Data { get; init; } = new();
    public OptimizerSection Optimizer { get; init; } = new();
    public ScheduleSection Schedule { get; init; } = new();
    public LossSection Loss { get; init; } = new();
    /// <summary>The objective that turns raw text (data.text_files) into examples; unused otherwise.</summary>
    public PretrainingSection Pretraining { get; init; } = new();
    public CheckpointSection Checkpoint { get; init; } = new();
    public LoggingSection Logging { get; init; } = new();
    public EvalSection Eval { get; init; } = new();
    /// <summary>Hugging Face PEFT adapter to train instead of the whole model (keys: adapter_config.json field names); empty: full finetuning.</summary>
    public AdapterSection Peft { get; init; } = new();
    /// <summary>Task-conditioned modules (ATTEMPT, SPT, HyperPrompt, HINT, hyper-adapters); empty: none.</summary>
    public AdapterSection Modular { get; init; } = new();
    public DistributedSection Distributed { get; init; } = new();
}

public sealed record RunSection
{
    /// <summary>Folder for checkpoints, metrics and the resolved config.</summary>
    public string OutputDir { get; init; } = "runs/train";
    /// <summary>Optimizer steps to run in total (T0: 12,200).</summary>
    public int MaxSteps { get; init; } = 1000;
    /// <summary>Seeds model initialisation, dropout and data order.</summary>
    public long Seed { get; init; } = 0;
    /// <summary>"cpu" or "cuda" (with TorchSharp-cuda installed).</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>Compute dtype: float32 or bfloat16 (never float16 for T5: activations overflow).</summary>
    public string Dtype { get; init; } = "float32";
    /// <summary>Torch intra-op threads; 0 keeps torch's default.</summary>
    public int Threads { get; init; } = 0;
}

public sealed record ModelSection
{
    /// <summary>Hugging Face checkpoint folder to start from (config.json + weights).</summary>
    public string? InitFrom { get; init; }
    /// <summary>A config.json to build a model from scratch with (when init_from is not set).</summary>
    public string? Config { get; init; }
    /// <summary>A named config preset for from-scratch runs, e.g. "t5-tiny" (when neither init_from nor config is set).</summary>
    public string? Preset { get; init; }
    /// <summary>Overrides the checkpoint's dropout rate for training (T0: 0.1); null keeps the config's.</summary>
    public double? DropoutRate { get; init; }
    /// <summary>
    /// What a full-model run trains: <c>all</c>; <c>embeddings</c> (the vocabulary-indexed tables: BLOOM's
    /// word_embeddings, tied to its head; T5's shared table and an untied lm_head), the rest frozen; or
    /// <c>new_embeddings</c>, the embedding rows from <see cref="NewEmbeddingsFrom"/> on (BLOOM+1's extend).
    /// </summary>
    public TrainableParts Trainable { get; init; } = TrainableParts.All;
    /// <summary>The first new id for <c>trainable: new_embeddings</c>; null reads <c>old_vocab_size</c> from
    /// model.init_from's tokenizer_extension.json (written by <c>t0sharp tokenizer extend</c>).</summary>
    public int? NewEmbeddingsFrom { get; init; }
}

/// <summary>model.trainable: which parameters a full-model run trains.</summary>
public enum TrainableParts { All, Embeddings, NewEmbeddings }

public sealed record DataSection
{
    /// <summary>Mixture name (e.g. t0_train) from the data layer; used when train_files is not set.</summary>
    public string Mixture { get; init; } = "t0_train";
    /// <summary>Already-rendered examples to train on: comma-separated JSONL files or folders ({"inputs", "targets"} per line, P3's *_pretokenized names accepted).</summary>
    public string? TrainFiles { get; init; }
    /// <summary>
    /// Raw text to pretrain on (instead of train_files or a mixture): comma-separated files or folders; .jsonl/.json files
    /// hold one object per line with the text in text_field, other files are plain UTF-8 text (documents per
    /// text_documents). Tokenized, chunked and turned into examples by the pretraining section's objective.
    /// </summary>
    public string? TextFiles { get; init; }
    /// <summary>The JSON field holding a document's text in .jsonl text files.</summary>
    public string TextField { get; init; } = "text";
    /// <summary>Plain-text files: line (every non-blank line is a document) or blank_line (documents separated by blank lines).</summary>
    public T0Sharp.Data.Pretraining.PlainTextDocuments TextDocuments { get; init; } = T0Sharp.Data.Pretraining.PlainTextDocuments.Line;
    /// <summary>Held-out raw text (same formats as text_files) whose pretraining examples, with fixed noise, give the validation loss.</summary>
    public string? ValidationTextFiles { get; init; }
    /// <summary>Rendered validation examples (JSONL, optional "answer_choices" for rank classification).</summary>
    public string? ValidationFiles { get; init; }
    /// <summary>Datasets root (&lt;dataset&gt;[/&lt;subset&gt;]/&lt;split&gt;.jsonl|parquet|csv); null uses the bundled samples.</summary>
    public string? DataDir { get; init; }
    /// <summary>promptsource templates folder for mixtures; null uses the bundled P3 collection.</summary>
    public string? Templates { get; init; }
    /// <summary>Comma-separated splits used when a dataset lacks "train" (the bundled slices: "validation,test").</summary>
    public string SplitFallbacks { get; init; } = "";
    /// <summary>Tokenizer file or folder (spiece.model / tokenizer.json); null uses the model folder's.</summary>
    public string? Tokenizer { get; init; }
    public int InputLength { get; init; } = 1024;
    public int TargetLength { get; init; } = 256;
    /// <summary>Sequences (rows) per optimizer step (T0: 1,024).</summary>
    public int BatchSize { get; init; } = 8;
    /// <summary>Rows per forward/backward pass of one process; batch_size must be a multiple of it times the number of processes. Gradient accumulation covers the rest.</summary>
    public int MicroBatchSize { get; init; } = 8;
    /// <summary>Pack several examples per row with segment ids (T0: true; mT0: false).</summary>
    public bool Pack { get; init; } = true;
    /// <summary>
    /// Where EOS goes when examples are tokenized: t-zero (T0's recipe: inputs without EOS, targets with EOS; a target cut
    /// at target_length loses its EOS as in seqio), t-few (both with EOS) or lm-eval. Recorded in every checkpoint's
    /// config.resolved.yaml; evaluate the checkpoint with the same convention.
    /// </summary>
    public string EosConvention { get; init; } = "t-zero";
    /// <summary>Few-shot training (T-Few): k examples per dataset drawn with run.seed (0: all examples).</summary>
    public int FewShot { get; init; } = 0;
}

public enum OptimizerKind { Adafactor, AdamW }

public sealed record OptimizerSection
{
    public OptimizerKind Name { get; init; } = OptimizerKind.Adafactor;
    /// <summary>Peak learning rate fed to the schedule (T0: constant 1e-3).</summary>
    public double LearningRate { get; init; } = 1e-3;
    public double WeightDecay { get; init; } = 0.0;
    /// <summary>Clip gradients to this global L2 norm; 0 disables.</summary>
    public double GradClipNorm { get; init; } = 0.0;
    /// <summary>First-moment decay; null disables momentum for Adafactor (the T5 recipe). AdamW uses 0.9 when null.</summary>
    public double? Beta1 { get; init; }
    /// <summary>AdamW second-moment decay.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>AdamW epsilon.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Adafactor: beta2_t = 1 - t^decay_rate.</summary>
    public double DecayRate { get; init; } = -0.8;
    /// <summary>Adafactor: regulariser added to squared gradients.</summary>
    public double Eps1 { get; init; } = 1e-30;
    /// <summary>Adafactor: floor on the parameter RMS when scale_parameter is on.</summary>
    public double Eps2 { get; init; } = 1e-3;
    /// <summary>Adafactor: updates are divided by max(1, RMS(update)/clip_threshold).</summary>
    public double ClipThreshold { get; init; } = 1.0;
    /// <summary>Adafactor: lr = min(1e-2, 1/sqrt(t)) instead of the schedule.</summary>
    public bool RelativeStep { get; init; } = false;
    /// <summary>Adafactor: multiply the step by max(eps2, RMS(param)).</summary>
    public bool ScaleParameter { get; init; } = false;
    /// <summary>Adafactor with relative_step: min step 1e-6 * t instead of 1e-2.</summary>
    public bool WarmupInit { get; init; } = false;
}

public enum ScheduleKind { Constant, Linear, Rsqrt }

public sealed record ScheduleSection
{
    /// <summary>constant (T0), linear (warmup then linear decay to final_lr at max_steps), rsqrt (T5: lr*sqrt(w)/sqrt(max(t,w))).</summary>
    public ScheduleKind Name { get; init; } = ScheduleKind.Constant;
    public int WarmupSteps { get; init; } = 0;
    /// <summary>Learning rate reached at the last step of the linear schedule.</summary>
    public double FinalLearningRate { get; init; } = 0.0;
}

public enum LossNormalization { TokenMean, TokenSum, SequenceMean }

/// <summary>
/// lm: cross-entropy of the targets (T0); t_few: LM + unlikelihood + length-normalised rank loss over every answer
/// choice; flipped: Flipped Learning, likelihood of the instruction given input + correct label + λ · unlikelihood
/// of it given input + each wrong label; norm_target: BLOOMZ's cross-entropy with each target's tokens weighted 1/len,
/// averaged over targets.
/// </summary>
public enum ObjectiveKind { Lm, TFew, Flipped, NormTarget }

public sealed record LossSection
{
    /// <summary>token_mean (mean over target tokens of the whole step), token_sum, or sequence_mean (mT0: each sequence's mean, averaged).</summary>
    public LossNormalization Normalization { get; init; } = LossNormalization.TokenMean;
    /// <summary>Training objective: lm (T0), t_few or flipped (both need examples with answer choices; batches then count examples), norm_target (BLOOMZ).</summary>
    public ObjectiveKind Objective { get; init; } = ObjectiveKind.Lm;
    /// <summary>t_few and flipped: weight of the unlikelihood term; null takes the objective's default (t_few 1, t-few's unlikely_loss; flipped 3, the paper's λ).</summary>
    public double? UnlikelihoodWeight { get; init; }
    /// <summary>t_few: weight of the length-normalised rank term (t-few's mc_loss).</summary>
    public double LengthNormWeight { get; init; } = 1.0;
    /// <summary>t_few: choice scores are divided by length^length_norm (t-few's length_norm; 0 disables).</summary>
    public double LengthNorm { get; init; } = 1.0;
}

/// <summary>span_corruption (T5), prefix_lm (T5's LM adaptation), causal_lm (decoder-only), alexatm (denoising + [CLM] causal LM), ul2 (mixture of denoisers).</summary>
public enum PretrainingObjectiveKind { SpanCorruption, PrefixLm, CausalLm, AlexaTM, Ul2 }

/// <summary>Pretraining on raw text (data.text_files): the objective and its settings (docs/pretraining.md).</summary>
public sealed record PretrainingSection
{
    public PretrainingObjectiveKind Objective { get; init; } = PretrainingObjectiveKind.SpanCorruption;
    /// <summary>span_corruption and alexatm's denoising: share of the tokens that are noise (T5: 0.15).</summary>
    public double NoiseDensity { get; init; } = 0.15;
    /// <summary>span_corruption and alexatm's denoising: mean length of a noise span (T5: 3).</summary>
    public double MeanNoiseSpanLength { get; init; } = 3.0;
    /// <summary>alexatm: share of causal-LM examples (the paper: 0.2).</summary>
    public double ClmRate { get; init; } = 0.2;
    /// <summary>alexatm: text prepended to the inputs of causal-LM examples (tokenized by the run's tokenizer; empty: none).</summary>
    public string ClmToken { get; init; } = "[CLM]";
    /// <summary>ul2: the denoisers, "R:mean:density[:rate], X:mean:density[:rate], S:density[:rate], ..." (default: the paper's seven, equal rates).</summary>
    public string Denoisers { get; init; } = T0Sharp.Data.Pretraining.Ul2Denoiser.PaperSpec;
    /// <summary>ul2: mode token of R-denoisers (empty: none).</summary>
    public string RToken { get; init; } = "[NLU]";
    /// <summary>ul2: mode token of X-denoisers (empty: none).</summary>
    public string XToken { get; init; } = "[NLG]";
    /// <summary>ul2: mode token of S-denoisers (empty: none).</summary>
    public string SToken { get; init; } = "[S2S]";
}

public sealed record CheckpointSection
{
    /// <summary>Write a checkpoint every this many steps (0: only at the end and on interrupt).</summary>
    public int EverySteps { get; init; } = 500;
    /// <summary>Keep only the newest K checkpoints (0 keeps all).</summary>
    public int KeepLast { get; init; } = 3;
}

public enum ProgressMode { Auto, Rich, Plain, None }

public sealed record LoggingSection
{
    /// <summary>Report metrics every this many steps.</summary>
    public int EverySteps { get; init; } = 10;
    public bool Jsonl { get; init; } = true;
    public bool Tensorboard { get; init; } = true;
    /// <summary>auto (rich on a terminal, plain lines otherwise), rich, plain, none.</summary>
    public ProgressMode Progress { get; init; } = ProgressMode.Auto;
}

public sealed record EvalSection
{
    /// <summary>Validate every this many steps (0: only at the end).</summary>
    public int EverySteps { get; init; } = 0;
    /// <summary>Validation tasks (comma-separated names); empty uses the validation splits of the training tasks.</summary>
    public string Tasks { get; init; } = "";
    /// <summary>Examples per validation task.</summary>
    public int MaxExamples { get; init; } = 64;
    /// <summary>Metric that picks the best checkpoint: loss or accuracy.</summary>
    public string BestMetric { get; init; } = "loss";
}

/// <summary>
/// Data-parallel training across processes started by mpiexec/mpirun or srun (see docs/training.md). The
/// launcher sets the number of processes; world_size and backend are written into config.resolved.yaml as the
/// run resolved them, so a file's own values are replaced by the launch's.
/// </summary>
public sealed record DistributedSection
{
    /// <summary>auto (NCCL for CUDA, MPI for CPU when several processes were launched), mpi, nccl, or single.</summary>
    public string Backend { get; init; } = "auto";
    /// <summary>Number of processes: written by the run from the launcher (1 without one); not an input.</summary>
    public int WorldSize { get; init; } = 1;
    /// <summary>Gradients are summed across processes in buckets of about this many MiB (float32), as PyTorch DDP's 25 MiB.</summary>
    public double BucketMb { get; init; } = 25;
    /// <summary>A process that waits this long in one collective concludes that another process died and stops (0 disables).</summary>
    public int TimeoutSeconds { get; init; } = 600;
}
