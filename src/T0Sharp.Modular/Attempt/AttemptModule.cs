using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Modular.Contract;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace T0Sharp.Modular.Attempt;

/// <summary>
/// ATTEMPT's tensors and prompt (Asai et al. 2022), registered on the model as <c>modular</c>:
/// <c>source_prompts</c> (J, P, d) trained with the rest, <c>loaded_source_prompts</c> (buffer, Jl, P, d) read from
/// PEFT prompt-tuning folders and never trained, <c>target_prompts</c> (1 shared or one per task, P, d), and the
/// attention module <c>attention_down</c> (h, d) → SiLU → <c>attention_up</c> (d, h) → LayerNorm <c>attention_norm</c>.
/// For each row: x̂ = max-pool of the input embeddings over real positions (the reference pools padding too),
/// h = LN(W_up SiLU(W_down x̂)), candidates = [sources..., target], p̂_j = max over the prompt positions of candidate j,
/// a = softmax(p̂ · h / T) with T = d·e by default, prompt = Σ_j a_j P_j + P_target.
/// </summary>
internal sealed class AttemptModule : nn.Module, IPromptProvider
{
#pragma warning disable IDE1006 // state-dict names
    readonly Parameter? source_prompts;
    readonly Parameter target_prompts;
    readonly Linear attention_down;
    readonly Linear attention_up;
    readonly LayerNorm attention_norm;
#pragma warning restore IDE1006
    readonly bool _perTask;
    readonly bool _hasLoaded;

    public AttemptModule(Tensor? sources, Tensor? loaded, Tensor targets, Tensor down, Tensor up, bool perTask, double temperature, Device device)
        : base("attempt")
    {
        if (sources is not null) source_prompts = ParameterInit.Trainable(sources, device);
        if (loaded is not null) { register_buffer("loaded_source_prompts", loaded.to(device).detach()); _hasLoaded = true; }
        target_prompts = ParameterInit.Trainable(targets, device);
        attention_down = nn.Linear(down.shape[1], down.shape[0], hasBias: false, device: device);
        attention_up = nn.Linear(up.shape[1], up.shape[0], hasBias: false, device: device);
        attention_norm = nn.LayerNorm(up.shape[0], device: device);
        using (no_grad())
        {
            attention_down.weight!.copy_(down);
            attention_up.weight!.copy_(up);
        }
        (_perTask, Temperature) = (perTask, temperature);
        RegisterComponents();
    }

    public double Temperature { get; }
    public long PromptLength => get_parameter("target_prompts")!.shape[1];

    /// <summary>Every source prompt, trained ones first: (J, P, d).</summary>
    public Tensor Sources()
    {
        var parts = new List<Tensor>();
        if (source_prompts is not null) parts.Add(get_parameter("source_prompts")!);
        if (_hasLoaded) parts.Add(get_buffer("loaded_source_prompts")!);
        return parts.Count == 1 ? parts[0] : cat(parts.ToArray(), 0);
    }

    /// <summary>(B, P, d) target prompt per row: the shared one, or the row's task's (the mean of all tasks' for unknown tasks).</summary>
    public Tensor Targets(Conditioning? c, long rows)
    {
        var t = get_parameter("target_prompts")!;
        if (!_perTask) return t[0].unsqueeze(0).expand(rows, -1, -1);
        var table = cat([t, t.mean([0], keepdim: true)], 0);    // row T: unknown tasks
        using var ids = RowConditioning.TaskIds(c, rows, t.device);
        using var row = where(ids.Below(0L), ids.FilledLike(t.shape[0]), ids);
        return table.index_select(0, row);
    }

    /// <summary>h = LN(W_up SiLU(W_down x̂)) for pooled inputs x̂ (B, d).</summary>
    public Tensor Query(Tensor pooled) => attention_norm.call(attention_up.call(nn.functional.silu(attention_down.call(pooled))));

    /// <summary>The attention weights (B, J+1) over [sources..., target] and the candidates (B, J+1, P, d).</summary>
    public (Tensor Weights, Tensor Candidates) Attend(Tensor inputEmbeddings, Tensor? inputMask, Conditioning? c)
    {
        var rows = inputEmbeddings.shape[0];
        var x = inputEmbeddings.to(ScalarType.Float32);
        var mask = inputMask ?? ones(x.shape[0], x.shape[1], dtype: ScalarType.Int64, device: x.device);
        var h = Query(RowConditioning.MaxPool(x, mask));                                    // (B, d)
        var sources = Sources();
        var candidates = cat([sources.unsqueeze(0).expand(rows, -1, -1, -1), Targets(c, rows).unsqueeze(1)], 1); // (B, J+1, P, d)
        var keys = candidates.amax([2]);                                                    // (B, J+1, d)
        var scores = keys.matmul(h.unsqueeze(-1)).squeeze(-1) / Temperature;               // (B, J+1)
        return (softmax(scores, -1), candidates);
    }

    public Tensor Prompt(PromptRequest request)
    {
        var (a, candidates) = Attend(request.InputEmbeddings, request.InputMask, request.Conditioning);
        var mixed = (a.unsqueeze(-1).unsqueeze(-1) * candidates).sum(1);                  // (B, P, d)
        return mixed + Targets(request.Conditioning, request.Rows);
    }
}
