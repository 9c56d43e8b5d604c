using T0Sharp.Models;
using T0Sharp.Models.Adaptation;
using T0Sharp.Models.T5;
using T0Sharp.Tests;
using static TorchSharp.torch;

namespace T0Sharp.Peft.Tests.Methods;

/// <summary>Prompt-tuning initialisations, and t-few's (IA)^3 variant computing what PEFT's default computes on gated T5.</summary>
public class PromptAndIa3Tests
{
    static Tensor Table(PeftModel peft) => peft.Tensors.Single(t => t.Key == "prompt_embeddings").Read();

    [Fact]
    public void Sample_vocab_rows_are_vocabulary_embeddings()
    {
        using var model = PretrainedModel.Create(T5Config.Tiny, seed: 3);
        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(new Dictionary<string, object?>
            { ["peft_type"] = "PROMPT_TUNING", ["num_virtual_tokens"] = 4, ["prompt_tuning_init"] = "SAMPLE_VOCAB" }, "s"));
        using var scope = NewDisposeScope();
        var table = Table(peft);
        Assert.Equal([8L, 16], table.shape); // 2n rows for seq2seq, as PEFT allocates
        using var embeddings = ((T5ForConditionalGeneration)model).EmbeddingMatrix;
        for (var r = 0; r < 8; r++)
            Assert.True(embeddings.sub(table[r]).abs().sum(1).eq(0).any().item<bool>(), $"row {r} is a vocabulary row");
    }

    [Fact]
    public void Text_init_repeats_the_tokenized_text_with_its_special_tokens()
    {
        using var model = PretrainedModel.Create(T5Config.Tiny, seed: 3);
        var calls = new List<string>();
        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(new Dictionary<string, object?>
            { ["peft_type"] = "PROMPT_TUNING", ["num_virtual_tokens"] = 4, ["prompt_tuning_init"] = "TEXT", ["prompt_tuning_init_text"] = "yes or no" }, "s"),
            new PeftApplyOptions(Tokenize: t => { calls.Add(t); return [5, 7, 1]; }));
        Assert.Equal(["yes or no"], calls);
        using var scope = NewDisposeScope();
        using var embeddings = ((T5ForConditionalGeneration)model).EmbeddingMatrix;
        var expected = embeddings.index_select(0, tensor(new long[] { 5, 7, 1, 5, 7, 1, 5, 7 }));
        Assert.True(expected.eq(Table(peft)).all().item<bool>());
    }

    [Fact]
    public void Text_init_loads_the_named_tokenizer_or_says_what_is_missing()
    {
        using var model = PretrainedModel.Create(T5Config.Tiny with { VocabSize = 32128 }, seed: 3);
        var settings = new Dictionary<string, object?>
            { ["peft_type"] = "PROMPT_TUNING", ["num_virtual_tokens"] = 2, ["prompt_tuning_init"] = "TEXT", ["prompt_tuning_init_text"] = "Hello" };
        var e = Assert.Throws<InvalidDataException>(() => PeftSetup.Apply(model, PeftSetup.ParseConfig(settings, "s")));
        Assert.Contains("needs a tokenizer: set \"tokenizer_name_or_path\"", e.Message);
        settings["tokenizer_name_or_path"] = TestPaths.TestData("tokenizers", "t5", "spiece.model");
        using var peft = PeftSetup.Apply(model, PeftSetup.ParseConfig(settings, "s"));
        var ids = T0Sharp.Data.Tokenization.TokenizerLoader.Load(TestPaths.TestData("tokenizers", "t5", "spiece.model")).Encode("Hello");
        using var scope = NewDisposeScope();
        using var embeddings = ((T5ForConditionalGeneration)model).EmbeddingMatrix;
        var expected = embeddings.index_select(0, tensor(Enumerable.Range(0, 4).Select(i => (long)ids[i % ids.Count]).ToArray()));
        Assert.True(expected.eq(Table(peft)).all().item<bool>());
    }

    [Fact]
    public void The_t_few_variant_on_wi_1_equals_peft_default_scaling_of_wo_input_on_gated_t5()
    {
        using var a = PretrainedModel.Create(T5Config.Tiny, seed: 8);
        using var b = PretrainedModel.Create(T5Config.Tiny, seed: 8);
        a.Module.eval();
        b.Module.eval();
        using var peftDefault = PeftSetup.Apply(a, PeftSetup.ParseConfig(new Dictionary<string, object?> { ["peft_type"] = "IA3", ["init_ia3_weights"] = false }, "s"));
        using var tfew = PeftSetup.Apply(b, PeftSetup.ParseConfig(new Dictionary<string, object?> { ["preset"] = "t-few" }, "s"));
        var source = peftDefault.TrainableParameters.ToDictionary(p => p.Name, p => p.Parameter);
        using (no_grad())
            foreach (var (name, p) in tfew.TrainableParameters)
                p.copy_(name.Contains(".wi_1.") ? source[name.Replace(".wi_1.", ".wo.")].t() : source[name]); // l_ff (d_ff, 1) = wo's (1, d_ff)
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var input = tensor(new long[] { 5, 9, 17, 33, 1 }, [1, 5]);
        var decoder = tensor(new long[] { 0, 12, 30 }, [1, 3]);
        var la = a.Logits(new ModelBatch(input, decoder));
        var lb = b.Logits(new ModelBatch(input, decoder));
        Assert.True(la.allclose(lb, 1e-5, 1e-5), $"max diff {la.sub(lb).abs().max().item<float>()}");
        peftDefault.Enabled = false;
        Assert.False(la.allclose(a.Logits(new ModelBatch(input, decoder)), 1e-3, 1e-3), "the vectors are not an identity");
    }
}
