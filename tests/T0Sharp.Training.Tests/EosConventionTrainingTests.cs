using T0Sharp.Training.Data;
using T0Sharp.Training.Options;
using T0Sharp.Training.Setup;
using Xunit;

namespace T0Sharp.Training.Tests;

/// <summary>
/// A training run's data under data.eos_convention: the T0 recipe's default (t-zero) puts no EOS on inputs, in the
/// training batches and in the validation set alike, and every checkpoint's resolved config records the convention.
/// </summary>
public class EosConventionTrainingTests
{
    static TrainOptions Options(params string[] extra) => OptionsLoader.Parse("", "test", [
        "--data.mixture=super_glue_rte_GPT_3_style", "--data.data_dir=" + T0Sharp.Tests.TestPaths.RepoPath("assets", "datasets"),
        "--data.input_length=1024", "--data.target_length=16", "--data.batch_size=2", "--data.micro_batch_size=2",
        "--eval.max_examples=8", .. extra]);

    static int[] Segment(int[] tokens, int[] segments, int id) => tokens.Where((_, i) => segments[i] == id).ToArray();

    [Fact]
    public void T0_recipe_batches_and_validation_carry_no_input_eos()
    {
        var o = Options();
        Assert.Equal("t-zero", o.Data.EosConvention);
        var (tokenizer, path) = DataSetup.LoadTokenizer(o, null);
        var data = DataSetup.Build(o, tokenizer, path, decoderOnly: false);
        var batch = data.Train.Next(2);
        Assert.DoesNotContain(tokenizer.EosId, batch.EncoderInputTokens!);
        for (var s = 1; s <= batch.EncoderSegmentIds!.Max(); s++)
            Assert.Equal(tokenizer.EosId, Segment(batch.DecoderTargetTokens, batch.DecoderSegmentIds!, s)[^1]);
        Assert.NotEmpty(data.Validation.RankItems);
        Assert.All(data.Validation.RankItems, r => Assert.NotEqual(tokenizer.EosId, r.InputIds[^1]));
        Assert.All(data.Validation.RankItems, r => Assert.All(r.Choices, c => Assert.Equal(tokenizer.EosId, c[^1])));
        Assert.All(data.Validation.LossBatches, b => Assert.DoesNotContain(tokenizer.EosId, b.EncoderInputTokens!));
        Assert.Contains("EOS convention t-zero", data.Description);
    }

    [Fact]
    public void T_few_convention_ends_every_input_with_eos()
    {
        var o = Options("--data.eos_convention=t-few");
        var (tokenizer, path) = DataSetup.LoadTokenizer(o, null);
        var batch = DataSetup.Build(o, tokenizer, path, decoderOnly: false).Train.Next(2);
        for (var s = 1; s <= batch.EncoderSegmentIds!.Max(); s++)
            Assert.Equal(tokenizer.EosId, Segment(batch.EncoderInputTokens!, batch.EncoderSegmentIds!, s)[^1]);
    }

    [Fact]
    public void The_convention_is_validated_and_written_to_the_resolved_config()
    {
        var e = Assert.Throws<OptionsException>(() => Options("--data.eos_convention=always"));
        Assert.Contains("data.eos_convention must be t-zero, t-few or lm-eval (got 'always')", e.Message);
        Assert.Contains("eos_convention: \"t-zero\"", OptionsWriter.ToYaml(Options()));
        Assert.Contains("eos_convention: \"lm-eval\"", OptionsWriter.ToYaml(Options("--data.eos_convention=lm-eval")));
    }
}

/// <summary>configs/t0-figure6.yaml runs the paper's Figure 6 comparison: the same recipe on t-zero's three prompt mixtures.</summary>
public class Figure6ConfigTests
{
    [Theory] // tasks on the bundled slices (8 T0 datasets): per-dataset counts of tests/TestData/t0-mixtures/head.json
    [InlineData("t0_train_one_og_prompt", 8)]
    [InlineData("t0_train_all_og_prompts", 60)]   // ag_news 7, cos_e 6, glue/mrpc 5, imdb 10, ropes 10, rotten_tomatoes 10, social_i_qa 5, trec 7
    [InlineData("t0_train", 82)]
    public void Each_prompt_mixture_trains_from_the_same_config(string mixture, int tasks)
    {
        var o = OptionsLoader.Load(T0Sharp.Tests.TestPaths.RepoPath("configs", "t0-figure6.yaml"), ["--data.mixture=" + mixture, "--eval.max_examples=0"]);
        Assert.Equal("t-zero", o.Data.EosConvention);
        var (tokenizer, path) = DataSetup.LoadTokenizer(o, null);
        var data = DataSetup.Build(o, tokenizer, path, decoderOnly: false);
        Assert.StartsWith($"mixture {mixture}: {tasks} tasks, EOS convention t-zero", data.Description);
        var batch = data.Train.Next(o.Data.MicroBatchSize);
        Assert.Equal(o.Data.MicroBatchSize * o.Data.InputLength, batch.EncoderInputTokens!.Length);
    }
}
