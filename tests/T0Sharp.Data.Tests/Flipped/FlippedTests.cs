using T0Sharp.Data.Features;
using T0Sharp.Data.Flipped;
using T0Sharp.Data.Sources;
using T0Sharp.Data.Tasks;
using T0Sharp.Data.Tasks.Flan;
using T0Sharp.Data.Tests.Support;
using T0Sharp.Prompts.Templates;

namespace T0Sharp.Data.Tests.Flipped;

/// <summary>Flipped Learning's instruction/input split, example layout and feature converter, on literal inputs.</summary>
public class FlippedTests
{
    static readonly PromptTemplate Nli = new("id-nli", "does it imply",
        "{{premise}} Question: Does this imply that \"{{hypothesis}}\"? Yes, no, or maybe? ||| {{ answer_choices[label] }}",
        "Yes ||| Maybe ||| No");

    static OrderedDictionary<string, object?> Pair(long label) =>
        new() { ["premise"] = "A dog runs.", ["hypothesis"] = "An animal moves.", ["label"] = label };

    [Fact]
    public void The_instruction_is_the_template_text_left_when_the_fields_are_removed()
    {
        var segments = new PromptTemplateAdapter(Nli).Segments(Pair(0), seed: 0)!;
        Assert.Equal(
        [
            new TemplateSegment("A dog runs.", true), new TemplateSegment(" Question: Does this imply that \"", false),
            new TemplateSegment("An animal moves.", true), new TemplateSegment("\"? Yes, no, or maybe?", false),
        ], segments);
    }

    [Fact]
    public void Expressions_over_literals_only_count_as_template_text()
    {
        var t = new PromptTemplate("id", "t", "{{ [\"Is it\", \"Was it\"] | choice }} true that {{ x | upper }}?{{ \"\\n\" }}Answer: ||| {{ y }}");
        var segments = new PromptTemplateAdapter(t).Segments(new Dictionary<string, object?> { ["x"] = "cats fly", ["y"] = "no" }, seed: 3)!;
        Assert.Equal(3, segments.Count);
        Assert.False(segments[0].IsField);
        Assert.Matches("^(Is|Was) it true that $", segments[0].Text);
        Assert.Equal(new TemplateSegment("CATS FLY", true), segments[1]);
        Assert.Equal(new TemplateSegment("?\nAnswer:", false), segments[2]);
        // The same seed draws the same phrasing as the plain render.
        var plain = new PromptTemplateAdapter(t).Apply(new Dictionary<string, object?> { ["x"] = "cats fly", ["y"] = "no" }, 3).Parts[0];
        Assert.Equal(plain, string.Concat(segments.Select(s => s.Text)));
    }

    [Fact]
    public void Flipped_example_puts_sentinels_where_the_instruction_was_and_the_label_after_the_input()
    {
        var task = new FlippedTask(new PromptTask("super_glue", "cb", "validation", new PromptTemplateAdapter(Nli)));
        var row = new SourceRow(4, 5, Pair(1));
        var f = task.ProcessFlipped(row, 0, 0)!;
        Assert.Equal("<extra_id_0> Question: Does this imply that \" <extra_id_1> \"? Yes, no, or maybe?", f.Instruction);
        Assert.Equal(
        [
            "input: A dog runs. <extra_id_0>An animal moves.<extra_id_1>\noutput: Yes",
            "input: A dog runs. <extra_id_0>An animal moves.<extra_id_1>\noutput: Maybe",
            "input: A dog runs. <extra_id_0>An animal moves.<extra_id_1>\noutput: No",
        ], f.Inputs);
        Assert.Equal(1, f.Label);
        var lm = task.Process(row, 0, 0)!;
        Assert.Equal((f.Inputs[1], f.Instruction), (lm.Inputs, lm.Targets));
        Assert.Equal("super_glue_cb_does_it_imply_flipped", task.Name);
    }

    [Fact]
    public void Examples_that_cannot_be_flipped_are_dropped()
    {
        var onlyFields = new PromptTemplate("id", "bare", "{{premise}} {{hypothesis}} ||| {{ answer_choices[label] }}", "Yes ||| No");
        Assert.Null(new FlippedTask(new PromptTask("d", null, "v", new PromptTemplateAdapter(onlyFields))).Process(new SourceRow(0, 1, Pair(0)), 0, 0));
        var noChoices = new PromptTemplate("id", "gen", "Summarize: {{premise}} ||| {{hypothesis}}");
        Assert.Null(new FlippedTask(new PromptTask("d", null, "v", new PromptTemplateAdapter(noChoices))).Process(new SourceRow(0, 1, Pair(0)), 0, 0));
    }

    [Fact]
    public void Flan_templates_split_on_their_placeholders()
    {
        var t = new FlanTemplate("t", "{text}\nHow does the reviewer feel?\n{options_}", "{answer}", new FlanAnswerSpec(["bad", "good"], AnswerField: "label"));
        var segments = t.Segments(new Dictionary<string, object?> { ["text"] = "fun", ["label"] = 1L }, 0)!;
        Assert.Equal([new("fun", true), new("\nHow does the reviewer feel?\n", false), new("OPTIONS:\n- bad\n- good", true)], segments);
        var f = FlippedFormat.Default.Build(segments, ["bad", "good"], 1)!;
        Assert.Equal("<extra_id_0> How does the reviewer feel?", f.Instruction);
        Assert.Equal("input: fun\n<extra_id_0>\nOPTIONS:\n- bad\n- good\noutput: good", f.Inputs[1]);
    }

    [Fact]
    public void Feature_converter_gives_one_row_per_choice_with_the_shared_instruction_target()
    {
        var tok = new FakeTokenizer();
        var a = new FlippedExample("guess me", ["x yes", "x no"], ["yes", "no"], 1);
        var b = new FlippedExample("other", ["y a", "y b", "y c"], ["a", "b", "c"], 0);
        var options = new FeatureConverterOptions(new FeatureLengths(4, 3));
        var batches = FlippedFeatureConverter.Batches([a, b, a with { Label = -1 }], tok, options, rows: 4, EosConvention.TFew).ToList();
        Assert.Equal(2, batches.Count);   // 2 rows + 3 rows do not fit 4 rows; the unlabeled example is skipped
        var first = batches[0];
        Assert.Equal([0, 0, -1, -1], first.RowExample);
        Assert.Equal([0, 1, 0, 0], first.RowIsPositive);
        int[] Row(int[] flat, int r, int len) => flat[(r * len)..((r + 1) * len)];
        Assert.Equal([.. tok.Encode("x yes"), 0], Row(first.Batch.EncoderInputTokens, 0, 4));
        Assert.Equal([.. tok.Encode("x no"), 0], Row(first.Batch.EncoderInputTokens, 1, 4));
        Assert.Equal([.. tok.Encode("guess me")], Row(first.Batch.DecoderTargetTokens, 0, 3));
        Assert.Equal(Row(first.Batch.DecoderTargetTokens, 0, 3), Row(first.Batch.DecoderTargetTokens, 1, 3));
        Assert.Equal([0, tok.Encode("guess me")[0], tok.Encode("guess me")[1]], Row(first.Batch.DecoderInputTokens, 1, 3));
        Assert.Equal([0, 0, 0, -1], batches[1].RowExample);
        Assert.Equal([1, 0, 0, 0], batches[1].RowIsPositive);
        // The training default (t-zero's convention): inputs without EOS, the instruction target with it.
        var tzero = FlippedFeatureConverter.Tokenize(a, tok);
        Assert.Equal(tok.Encode("x yes", addSpecialTokens: false), tzero[0].Inputs);
        Assert.Equal(tok.Encode("guess me"), tzero[0].Targets);
    }

    [Fact]
    public void A_flipped_choice_example_gives_each_row_its_labels_input_and_the_instruction_as_every_target()
    {
        var tok = new FakeTokenizer();
        var f = new FlippedExample("guess me", ["x yes", "x no", "x maybe"], ["yes", "no", "maybe"], 1);
        var choice = FlippedFeatureConverter.ToChoiceExample(f, tok, EosConvention.TrainingDefault, taskIndex: 4)!;
        Assert.Null(FlippedFeatureConverter.ToChoiceExample(f with { Label = -1 }, tok, EosConvention.TrainingDefault));
        var batch = ChoiceBatchBuilder.EncoderDecoder([choice], new FeatureConverterOptions(new FeatureLengths(3, 4)));
        int[] Row(int[] flat, int r, int len) => flat[(r * len)..((r + 1) * len)];
        var (x, yes, no, maybe) = (tok.Encode("x", false)[0], tok.Encode("yes", false)[0], tok.Encode("no", false)[0], tok.Encode("maybe", false)[0]);
        var (guess, me) = (tok.Encode("guess", false)[0], tok.Encode("me", false)[0]);
        // t-zero's convention: inputs without EOS (padded to 3), the instruction with EOS (padded to 4)
        Assert.Equal([x, yes, 0], Row(batch.EncoderInputTokens, 0, 3));
        Assert.Equal([x, no, 0], Row(batch.EncoderInputTokens, 1, 3));
        Assert.Equal([x, maybe, 0], Row(batch.EncoderInputTokens, 2, 3));
        for (var r = 0; r < 3; r++)
        {
            Assert.Equal([guess, me, 1, 0], Row(batch.DecoderTargetTokens, r, 4));
            Assert.Equal([0, guess, me, 0], Row(batch.DecoderInputTokens, r, 4));
        }
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0], batch.DecoderLossWeights);    // the correct label's row
        Assert.Equal([1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0], batch.Metadata.ChoiceTokenWeights);
        Assert.Equal([0, 0, 0], batch.Metadata.ChoiceGroups);
        Assert.Equal([0, 1, 0], batch.Metadata.ChoiceLabels);
        Assert.Equal([4, 4, 4], batch.Metadata.RowTaskIds);
    }
}
