using T0Sharp.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.Compacter;

/// <summary>
/// A parameterized hypercomplex multiplication (PHM) layer (rabeehk/compacter hypercomplex/layers.py):
/// H = Σᵢ Aᵢ ⊗ Wᵢ (in, out), y = x H + b, with n rules Aᵢ (n, n) and n fast weights Wᵢ (in/n, out/n), factorized as
/// Wᵢ = W_left[i] (in/n, r) · W_right[i] (r, out/n) or full (<c>W</c>). Tensors, as the reference names them:
/// <c>W_left</c>, <c>W_right</c> (or <c>W</c>), <c>b</c>, and <c>phm_rule</c> (n, n, n) when the rule is not shared.
/// </summary>
internal sealed class PhmLinear : nn.Module
{
    readonly bool _factorized, _ownRule;

    public PhmLinear(long inFeatures, long outFeatures, int n, int rank, bool factorized, Tensor? ownRule, InitContext context) : base(nameof(PhmLinear))
    {
        (InFeatures, OutFeatures, _factorized, _ownRule) = (inFeatures, outFeatures, factorized, ownRule is not null);
        long a = inFeatures / n, c = outFeatures / n;
        var g = context.Generator;
        using var _ = no_grad();
        // Reference init: each slice glorot-uniform with gain √2 (bound √2·√(6 / (rows + cols))), bias zero.
        Tensor Glorot(long slices, long rows, long cols) => context.Initialise
            ? Init.Uniform([slices, rows, cols], -Math.Sqrt(12.0 / (rows + cols)), Math.Sqrt(12.0 / (rows + cols)), g)
            : zeros(slices, rows, cols);
        if (factorized)
        {
            register_parameter("W_left", new Parameter(Glorot(n, a, rank)));
            register_parameter("W_right", new Parameter(Glorot(n, rank, c)));
        }
        else register_parameter("W", new Parameter(Glorot(n, a, c)));
        register_parameter("b", new Parameter(zeros(outFeatures)));
        if (ownRule is not null) register_parameter("phm_rule", new Parameter(ownRule));
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }

    /// <summary>The tensor names below this module, in the order they are saved.</summary>
    public static IReadOnlyList<string> Names(bool factorized, bool ownRule) =>
        [.. factorized ? new[] { "W_left", "W_right" } : ["W"], "b", .. ownRule ? new[] { "phm_rule" } : []];

    /// <summary>The fast weights W (n, in/n, out/n).</summary>
    public Tensor FastWeights() => _factorized
        ? get_parameter("W_left")!.bmm(get_parameter("W_right")!)
        : get_parameter("W")!;

    /// <summary>The layer's matrix H = Σᵢ Aᵢ ⊗ Wᵢ (in, out) for the rule <paramref name="rule"/> (n, n, n).</summary>
    public Tensor Matrix(Tensor rule) => Kronecker(rule, FastWeights());

    /// <summary>Σᵢ Aᵢ ⊗ Wᵢ for A (n, p, q), W (n, k, l): (p·k, q·l), entry [a·k + s, c·l + t] = Σᵢ A[i, a, c] W[i, s, t].</summary>
    public static Tensor Kronecker(Tensor a, Tensor w) =>
        einsum("iac,ist->asct", a, w).reshape(a.shape[1] * w.shape[1], a.shape[2] * w.shape[2]);

    public Tensor Forward(Tensor x, Tensor? sharedRule)
    {
        var rule = _ownRule ? get_parameter("phm_rule")! : sharedRule ?? throw new InvalidOperationException("a PHM layer without its own rule needs the shared rule");
        return x.matmul(Matrix(rule)).Plus(get_parameter("b")!);
    }
}

/// <summary>The model-wide "slow" rule A (n, n, n) that every PHM layer of a Compacter shares, registered on the model as <c>compacter.phm_rule</c>.</summary>
internal sealed class SharedPhmRule : nn.Module
{
    public const string ModuleName = "compacter";

    public SharedPhmRule(Tensor rule) : base(nameof(SharedPhmRule)) => register_parameter("phm_rule", new Parameter(rule));

    public Parameter Rule => get_parameter("phm_rule")!;
}
