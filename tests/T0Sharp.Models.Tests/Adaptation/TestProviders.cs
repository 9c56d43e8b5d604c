using T0Sharp.Models.Adaptation;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Models.Tests.Adaptation;

/// <summary>A fixed soft prompt (1, P, d) repeated for every row.</summary>
internal sealed class FixedPrompt(Tensor prompt) : IPromptProvider
{
    public Tensor Prompt(PromptRequest request) => prompt.expand(request.Rows, -1, -1);
}

/// <summary>Fixed per-layer prefixes (each (1, H, P, Dh)) for one site, repeated for every row.</summary>
internal sealed class FixedPrefix(AttentionSite site, IReadOnlyList<AttentionPrefix> layers) : IPrefixProvider
{
    public IReadOnlyList<AttentionPrefix>? Prefixes(AttentionSite s, long rows, Conditioning? conditioning) => s != site ? null
        : layers.Select(l => new AttentionPrefix(l.Key.expand(rows, -1, -1, -1), l.Value.expand(rows, -1, -1, -1))).ToList();
}

/// <summary>
/// A test adapter: y + scale · (task id + 1) · (x · u) broadcast over the output, with a trainable vector u registered
/// as a parameter and a small module registered as a child; it records the task ids and row count of every call.
/// </summary>
internal sealed class TaskShiftAdapter(long inFeatures, double scale = 0.1) : IModuleAdapter
{
    public string Method => "test-shift";
    public List<(long Rows, long[]? TaskIds)> Calls { get; } = [];

    public void Attach(AdapterSlot slot)
    {
        slot.RegisterParameter("shift_u", new Parameter(full(inFeatures, 1.0 / inFeatures)));
        slot.RegisterModule("shift_gate", nn.Linear(1, 1, hasBias: false));
    }

    public Tensor TransformOutput(AdapterSlot slot, Tensor input, Tensor output, AdapterCall call)
    {
        Calls.Add((input.shape[0], call.Conditioning?.TaskIds?.cpu().data<long>().ToArray()));
        var u = slot.Parameter("shift_u");
        var proj = input.matmul(u.to(input.dtype)).unsqueeze(-1); // (B, T, 1)
        var factor = call.Conditioning?.TaskIds is { } ids
            ? ids.to(input.dtype).add(1).view(-1, 1, 1)             // (B, 1, 1)
            : ones(1, 1, 1, dtype: input.dtype, device: input.device);
        return output.add(proj.mul(factor).mul(scale));
    }
}
