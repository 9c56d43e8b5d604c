using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.PromptTuning;

/// <summary>
/// PEFT's PromptEmbedding: an embedding table of virtual-token rows registered on the model as <c>prompt_encoder</c>,
/// so its parameter is <c>prompt_encoder.embedding.weight</c> as in PEFT.
/// </summary>
internal sealed class PromptEncoder : nn.Module
{
#pragma warning disable IDE1006 // state-dict names
    readonly Embedding embedding;
#pragma warning restore IDE1006

    public PromptEncoder(Tensor rows) : base(nameof(PromptEncoder))
    {
        embedding = nn.Embedding(rows.shape[0], rows.shape[1]);
        using (no_grad()) embedding.weight!.copy_(rows);
        RegisterComponents();
    }

    public Parameter Weight => embedding.weight!;
}
