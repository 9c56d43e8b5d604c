using T0Sharp.Training.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace T0Sharp.Training.Loop;

/// <summary>
/// What the trainer needs from a model: its module (parameters, train/eval mode), teacher-forced logits for a
/// batch, and saving/loading its weights in Hugging Face layout. <see cref="LanguageModelAdapter"/> wraps
/// the models layer's language models; tests use small modules of their own.
/// </summary>
public interface ITrainableModel : IDisposable
{
    nn.Module Module { get; }
    bool IsEncoderDecoder { get; }
    Device Device { get; }

    /// <summary>Teacher-forced logits (Rows, TargetLength, Vocab) for a batch (float32 or the compute dtype).</summary>
    Tensor Logits(TrainingBatch batch);

    /// <summary>
    /// Rank classification: per item, the summed log-probability of each choice given the input, with no gradients.
    /// Language models score exactly as <c>t0sharp eval</c> does (one scoring path); the caller switches dropout off.
    /// </summary>
    IReadOnlyList<double[]> ScoreChoices(IReadOnlyList<RankItem> items);

    /// <summary>Writes the model (config + weights) into <paramref name="dir"/> in Hugging Face layout, or only the trained adapter's folder.</summary>
    void Save(string dir);

    /// <summary>Name of the checkpoint sub-folder <see cref="Save"/> writes: "model" (a whole model) or "adapter".</summary>
    string CheckpointFolder => "model";

    /// <summary>Called after backward (and the gradient sum over processes), before clipping and the update: a model
    /// that trains only part of a tensor zeroes the other part's gradient here.</summary>
    void MaskGradients() { }

    /// <summary>Loads weights written by <see cref="Save"/> into this model's parameters, bit-exactly.</summary>
    void LoadWeights(string dir);
}
