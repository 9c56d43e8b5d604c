using T0Sharp.Models.Tests.Checkpoints;
using T0Sharp.Tests;

namespace T0Sharp.Models.Tests.Models;

/// <summary>
/// Builds each fixture's model from its config.json and diffs the sorted "name shape" lines against the approved
/// file (Models/Approvals/NAME.approved.txt). These are exactly the keys and shapes Hugging Face's save_pretrained writes.
/// A mismatch writes NAME.received.txt beside it for review.
/// </summary>
public class ShapeApprovalTests
{
    [Theory]
    [InlineData(Fixtures.T5Relu)]
    [InlineData(Fixtures.T0GatedGelu)]
    [InlineData(Fixtures.Mt0Sharded)]
    [InlineData(Fixtures.BloomBf16)]
    public void Parameter_names_and_shapes_match_the_approved_list(string fixture)
    {
        using var model = PretrainedModel.Create(ModelConfig.Load(Fixtures.Dir(fixture)), seed: 1);
        var lines = model.Module.named_parameters()
            .Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]")
            .Order(StringComparer.Ordinal).ToList();
        var dir = TestPaths.RepoPath("tests", "T0Sharp.Models.Tests", "Models", "Approvals");
        var approved = Path.Combine(dir, fixture + ".approved.txt");
        var received = Path.Combine(dir, fixture + ".received.txt");
        var text = string.Join("\n", lines) + "\n";
        if (!File.Exists(approved) || File.ReadAllText(approved).Replace("\r", "") != text)
        {
            File.WriteAllText(received, text);
            Assert.Fail($"Shapes differ from {approved}; see {received}.");
        }
        if (File.Exists(received)) File.Delete(received);
    }
}
