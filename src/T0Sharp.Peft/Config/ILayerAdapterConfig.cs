namespace T0Sharp.Peft.Config;

/// <summary>What configs of layer-hosted adapters (LoRA, (IA)^3, Poly, Compacter, bottleneck adapters) share.</summary>
public interface ILayerAdapterConfig
{
    /// <summary>PEFT's <c>target_modules</c>; null means the architecture's default (<see cref="Targeting.DefaultTargets"/>).</summary>
    TargetSpec? TargetModules { get; }

    /// <summary>PEFT's <c>modules_to_save</c>: base modules trained and saved with the adapter.</summary>
    IReadOnlyList<string>? ModulesToSave { get; }

    /// <summary>PEFT's <c>layers_to_transform</c> (only LoRA has it; null elsewhere).</summary>
    LayerSelection? LayersToTransform => null;

    /// <summary>PEFT's <c>layers_pattern</c> (only LoRA has it; null elsewhere).</summary>
    LayersPattern? LayersPattern => null;
}
