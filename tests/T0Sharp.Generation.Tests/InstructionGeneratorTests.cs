using T0Sharp.Core;
using T0Sharp.Data.Tokenization;
using T0Sharp.Generation;
using T0Sharp.Models;
using T0Sharp.Tests;
using T0Sharp.Training.Data;

namespace T0Sharp.Generation.Tests;

/// <summary>Unnatural Instructions: prompt layout, parsing, filtering, paraphrases, and an end-to-end run on a tiny T5.</summary>
public sealed class InstructionGeneratorTests : IDisposable
{
    readonly TempDir _dir = TestPaths.NewTempDir();
    public void Dispose() => _dir.Dispose();

    static readonly InstructionExample[] Seeds =
    [
        new("Add the two numbers.", "3 and 4", "None"),
        new("Translate the word into French.", "cat", "Answer with one word."),
        new("Is the sentence a question?", "Where is it", "Answer yes or no."),
    ];

    [Fact]
    public void Example_prompt_shows_three_demonstrations_then_opens_the_fourth()
    {
        Assert.Equal(
            "Example 1\nInstruction: Add the two numbers.\nInput: 3 and 4\nConstraints: None\n\n" +
            "Example 2\nInstruction: Translate the word into French.\nInput: cat\nConstraints: Answer with one word.\n\n" +
            "Example 3\nInstruction: Is the sentence a question?\nInput: Where is it\nConstraints: Answer yes or no.\n\n" +
            "Example 4\n", UnnaturalPrompt.Examples(Seeds));
        Assert.Equal("Instruction: Add the two numbers.\nInput: 3 and 4\nOutput:", UnnaturalPrompt.Output(Seeds[0]));
        Assert.Equal("Instruction: Is the sentence a question?\nInput: Where is it\nConstraints: Answer yes or no.\nOutput:", UnnaturalPrompt.Output(Seeds[2]));
    }

    [Fact]
    public void Parsing_needs_all_three_labels_in_order_and_stops_at_the_next_example()
    {
        Assert.Equal(new InstructionExample("Reverse the string.", "abc", "None"),
            UnnaturalPrompt.Parse("Instruction: Reverse the string. Input: abc Constraints: None. Example 5 Instruction: x Input: y Constraints: z") with { Constraints = "None" });
        Assert.Equal(new InstructionExample("Count the vowels.", "banana", "Output a number."),
            UnnaturalPrompt.Parse("Instruction: Count the vowels.\nInput: banana\nConstraints: Output a number."));
        Assert.Equal("None", UnnaturalPrompt.Parse("Instruction: a Input: b Constraints:")!.Constraints);
        Assert.Null(UnnaturalPrompt.Parse("Instruction: only an instruction"));
        Assert.Null(UnnaturalPrompt.Parse("Input: x Instruction: y Constraints: z"));
        Assert.Null(UnnaturalPrompt.Parse("Instruction:  Input: x Constraints: z"));
        Assert.Null(UnnaturalPrompt.Parse("garbage"));
    }

    /// <summary>Answers example prompts from a script, in order; output prompts by a function of the prompt.</summary>
    sealed class ScriptedCompleter(Queue<string> examples, Func<string, string> output) : ITextCompleter
    {
        public List<(string Prompt, bool Sample)> Calls { get; } = [];
        public IReadOnlyList<string> Complete(IReadOnlyList<string> prompts, bool sample, long seed, int maxNewTokens)
        {
            Calls.AddRange(prompts.Select(p => (p, sample)));
            return prompts.Select(p => p.StartsWith("Example 1", StringComparison.Ordinal) ? examples.Dequeue() : output(p)).ToList();
        }
    }

    [Fact]
    public void Filters_drop_unparseable_duplicate_empty_and_copied_examples_and_paraphrases_expand()
    {
        var script = new Queue<string>(
        [
            "Instruction: Sort the letters. Input: dcba Constraints: None",                 // kept
            "no labels at all",                                                              // parse failure
            "Instruction: add the two   numbers. Input: 3 and 4 Constraints: None",         // duplicate of a seed (folded)
            "Instruction: Repeat the sentence. Input: the sky is blue today Constraints: None",  // output copied from input
            "Instruction: Say nothing. Input: hello Constraints: None",                     // empty output
            "Instruction: Sort the letters. Input: dcba Constraints: None",                 // duplicate of a kept one
            "Instruction: Double the number. Input: 21 Constraints: Output a number.",      // kept
            "Instruction: unused Input: x Constraints: None",
        ]);
        var completer = new ScriptedCompleter(script, p =>
            p.Contains("Sort the letters") && p.StartsWith("Paraphrase", StringComparison.Ordinal) ? "Put the letters in order."
            : p.StartsWith("Paraphrase", StringComparison.Ordinal) ? "Double the number."     // same as the instruction: dropped
            : p.Contains("dcba") ? "abcd" : p.Contains("Input: 21") ? "42" : p.Contains("sky") ? "the sky is blue today" : "");
        var (kept, paraphrases, stats) = new InstructionGenerator(completer).Run(Seeds, new GenerationSettings(2, Paraphrase: true, BatchSize: 7));
        Assert.Equal(new GenerationStats(Attempts: 7, ParseFailures: 1, Duplicates: 2, EmptyOutputs: 1, CopiedOutputs: 1, Kept: 2, Paraphrases: 1), stats);
        Assert.Equal([new("Sort the letters.", "dcba", "None", "abcd"), new("Double the number.", "21", "Output a number.", "42")], kept);
        Assert.Equal(("Put the letters in order.", "Sort the letters."), (paraphrases[0].Example.Instruction, paraphrases[0].Original));
        // Example prompts are sampled, outputs and paraphrases greedy.
        Assert.All(completer.Calls, c => Assert.Equal(c.Prompt.StartsWith("Example 1", StringComparison.Ordinal), c.Sample));

        var path = Path.Combine(_dir.Path, "gen.jsonl");
        InstructionGenerator.Write(path, kept, paraphrases);
        var rendered = RenderedJsonl.Read(path);   // what t0sharp train reads
        Assert.Equal(3, rendered.Count);
        Assert.Equal(new RenderedExample("unnatural_instructions", "Instruction: Double the number.\nInput: 21\nConstraints: Output a number.", "42", null), rendered[1]);
        Assert.Equal(("Instruction: Put the letters in order.\nInput: dcba", "abcd"), (rendered[2].Inputs, rendered[2].Targets));
    }

    [Fact]
    public void Demonstrations_are_drawn_with_the_seed()
    {
        string Prompts(long seed)
        {
            var c = new ScriptedCompleter(new Queue<string>(Enumerable.Repeat("x", 8)), _ => "");
            new InstructionGenerator(c).Run(Seeds.Concat([new InstructionExample("Name a color.", "none", "None")]).ToList(), new GenerationSettings(1, seed, MaxAttempts: 8));
            return string.Join("|", c.Calls.Select(x => x.Prompt));
        }
        Assert.Equal(Prompts(3), Prompts(3));
        Assert.NotEqual(Prompts(3), Prompts(4));
    }

    [Fact]
    public void Runs_end_to_end_on_a_tiny_random_t5()
    {
        using var model = PretrainedModel.Create(T5Config.Tiny with { VocabSize = 32128 }, seed: 0);
        var tokenizer = TokenizerLoader.Load(TestPaths.RepoPath("assets", "tokenizers", "t5", "spiece.model"));
        var completer = new ModelCompleter(model, tokenizer);
        var settings = new GenerationSettings(2, Seed: 5, MaxAttempts: 6, ExampleTokens: 12, OutputTokens: 6, BatchSize: 3);
        var first = new InstructionGenerator(completer).Run(Seeds, settings);
        var (kept, _, stats) = new InstructionGenerator(completer).Run(Seeds, settings);
        Assert.Equal(first.Stats, stats);   // the same seed gives the same run
        // Random weights write no parseable example: every prompt is tried, and every candidate is accounted for.
        Assert.Equal(6, stats.Attempts);
        Assert.Equal(stats.Attempts, stats.ParseFailures + stats.Duplicates + stats.EmptyOutputs + stats.CopiedOutputs + stats.Kept);
        var path = Path.Combine(_dir.Path, "out.jsonl");
        InstructionGenerator.Write(path, kept, []);
        Assert.True(File.Exists(path));
        // The greedy path (outputs, paraphrases) leaves no tensor behind. (Sampling through the models layer's Generator
        // leaves one tensor per call, a models-layer matter not asserted here.)
        completer.Complete(["Instruction: x\nInput: y\nOutput:"], false, 0, 4);
        var live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        completer.Complete(["Instruction: x\nInput: y\nOutput:", "Instruction: a longer one\nInput: z\nOutput:"], false, 0, 4);
        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        // Sampling is reproducible for a seed.
        Assert.Equal(completer.Complete(["Example 4\n"], true, 9, 8), completer.Complete(["Example 4\n"], true, 9, 8));
    }

    [Fact]
    public void Completions_drop_ids_the_model_has_but_the_tokenizer_lacks()
    {
        var tokenizer = TokenizerLoader.Load(TestPaths.RepoPath("assets", "tokenizers", "t5", "spiece.model"));
        var hello = tokenizer.Encode("Hello world", addSpecialTokens: false);
        Assert.Equal(32100, tokenizer.VocabSize);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokenizer.Decode([.. hello, 32103]));
        // 32103 and 32127 are rows of T5's padded 32,128-row embedding with no piece; 32099 (<extra_id_0>) is special
        Assert.Equal("Hello world", ModelCompleter.Decode(tokenizer, [hello[0], 32103, .. hello.Skip(1), 32099, 32127, tokenizer.EosId]));
    }
}
