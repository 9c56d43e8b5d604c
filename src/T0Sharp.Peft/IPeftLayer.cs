using T0Sharp.Models.Adaptation;
using T0Sharp.Models.Layers;

namespace T0Sharp.Peft;

/// <summary>
/// A PEFT layer hosted by a linear projection (LoRA, (IA)^3, Poly, Compacter, bottleneck adapters): an
/// <see cref="IModuleAdapter"/> that names the tensors it registered on its host (saved under the host's name) and,
/// where the method allows, folds itself into the host's weight.
/// </summary>
public interface IPeftLayer : IModuleAdapter
{
    /// <summary>Tensor names relative to the host as PEFT saves them (e.g. <c>lora_A.weight</c>, <c>ia3_l</c>).</summary>
    IReadOnlyList<string> TensorNames { get; }

    bool CanMerge => false;

    /// <summary>True while folded into the host's weight (the layer then leaves the host's computation alone).</summary>
    bool Merged => false;

    void Merge(AdaptableLinear host) => throw new NotSupportedException($"{Method} layers cannot be merged.");
    void Unmerge(AdaptableLinear host) => throw new NotSupportedException($"{Method} layers cannot be merged.");
}
