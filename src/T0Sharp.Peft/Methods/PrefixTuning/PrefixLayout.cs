using static TorchSharp.torch;

namespace T0Sharp.Peft.Methods.PrefixTuning;

/// <summary>
/// Where each layer's prefix keys and values sit in PEFT's table [n, num_layers · 2 · token_dim], as PEFT's get_prompt
/// and the models' past_key_values handling use it. Each row is read as (2L, H, Dh): entry e_j is (H, n, Dh).
/// <list type="bullet">
/// <item>Encoder-decoder (PEFT concatenates the 2L entries with themselves and splits them in fours): decoder layer i
/// gets self-attention key e_(4i mod 2L) and value e_(4i+1 mod 2L); e_(4i+2), e_(4i+3) are its cross-attention
/// past, which transformers' T5 ignores unless the prefix is exactly as long as the encoder input (it then
/// replaces the encoder's keys, a transformers defect T0Sharp does not reproduce). With L = num_layers, decoder
/// layers i and i + L/2 share entries when L is even.</item>
/// <item>BLOOM (PEFT's bloom post-processing concatenates the pairs back and halves the list): layer i gets key e_i and value e_(L+i).</item>
/// <item>The T5 encoder (T0Sharp only, its own table): layer i gets key e_(2i) and value e_(2i+1).</item>
/// </list>
/// </summary>
internal static class PrefixLayout
{
    /// <summary>The table as entries (2L, H, n, Dh).</summary>
    public static Tensor Entries(Tensor table, int layers, int heads, int headDim) =>
        table.view(table.shape[0], 2 * layers, heads, headDim).permute(1, 2, 0, 3); // (2L, H, n, Dh)

    public static (int Key, int Value) Seq2SeqDecoderSelf(int layer, int layers) => (4 * layer % (2 * layers), (4 * layer + 1) % (2 * layers));
    public static (int Key, int Value) Bloom(int layer, int layers) => (layer, layers + layer);
    public static (int Key, int Value) Encoder(int layer) => (2 * layer, 2 * layer + 1);
}
