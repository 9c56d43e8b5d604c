using T0Sharp.Models.Adaptation;
using T0Sharp.Peft.Config;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.PromptTuning;

/// <summary>
/// A prompt-tuning adapter: the first num_virtual_tokens rows of its table are the soft prompt every row of a call gets
/// (encoder input for T5, input for BLOOM). The table keeps all num_virtual_tokens × num_transformer_submodules rows
/// PEFT allocates (PEFT saves them all as <c>prompt_embeddings</c>; rows past the first n never reach the model).
/// </summary>
internal sealed class PromptTuningAdapter : AppliedAdapter, IPromptProvider
{
    readonly PromptEncoder _encoder;
    readonly int _n;

    public PromptTuningAdapter(PromptTuningConfig config, PromptEncoder encoder) : base(config)
    {
        _encoder = encoder;
        _n = config.VirtualTokens;
    }

    public Tensor Prompt(PromptRequest request)
    {
        var rows = _encoder.Weight.narrow(0, 0, _n); // (P, d)
        return rows.unsqueeze(0).expand(request.Rows, -1, -1);
    }

    public override IReadOnlyList<(string Name, Parameter Parameter)> Parameters => [("prompt_encoder.embedding.weight", _encoder.Weight)];

    public override IReadOnlyList<AdapterTensor> Tensors =>
    [
        new("prompt_embeddings", _encoder.Weight.shape, () => _encoder.Weight.detach(),
            value => { using var _ = no_grad(); _encoder.Weight.copy_(value); }),
    ];

    public override IReadOnlyList<string> Targets => ["input embeddings (" + _n + " virtual tokens)"];
}
