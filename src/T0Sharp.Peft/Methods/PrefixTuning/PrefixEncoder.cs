using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.PrefixTuning;

/// <summary>
/// PEFT's PrefixEncoder, registered on the model as <c>prompt_encoder</c>: either the table itself
/// (<c>embedding</c> [n, num_layers · 2 · token_dim]) or, with prefix_projection, <c>embedding</c> [n, token_dim] fed
/// through <c>transform</c> = Linear(token_dim, encoder_hidden_size) → tanh → Linear(encoder_hidden_size, num_layers · 2 · token_dim).
/// </summary>
internal sealed class PrefixEncoder : nn.Module
{
#pragma warning disable IDE1006 // state-dict names as PEFT's
    readonly Embedding embedding;
    readonly Sequential? transform;
#pragma warning restore IDE1006

    public PrefixEncoder(Tensor rows, Sequential? projection) : base(nameof(PrefixEncoder))
    {
        embedding = nn.Embedding(rows.shape[0], rows.shape[1]);
        using (no_grad()) embedding.weight!.copy_(rows);
        transform = projection;
        RegisterComponents();
    }

    public Parameter Weight => embedding.weight!;
    public bool Projected => transform is not null;

    /// <summary>The table [n, num_layers · 2 · token_dim]: the embedding, or its projection.</summary>
    public Tensor Table() => transform is null ? embedding.weight! : transform.call(embedding.weight!);
}
