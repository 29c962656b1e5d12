using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>
/// The emitted code for two specs, compared with the committed files Expected/*.cs.txt. After an intended change to
/// the emitted code, regenerate them with
/// <c>SIMDOPT_UPDATE_SNAPSHOTS=1 dotnet test tests/SimdOpt.Generators.Tests --filter
/// FullyQualifiedName~SnapshotTests</c> (it writes the files into the source folder) and review the diff before
/// committing.
/// </summary>
public sealed class SnapshotTests
{
    /// <summary>A small spec with a per-step state, a per-step branch on a flag and a per-element select.</summary>
    public const string CustomSpec = """
        using SimdOpt.Spec;

        namespace Specs;

        /// <summary>Momentum on thresholded gradients, with a warm-up factor kept as per-step state.</summary>
        [Optimizer("thresholded", Description = "Momentum on gradients below a threshold zeroed, warmed up by a running product")]
        [Hyperparameter("lr", 0.01, Min = 0)]
        [Hyperparameter("momentum", 0.9, Min = 0, Max = 1, MaxExclusive = true)]
        [Hyperparameter("threshold", 1e-3, Min = 0)]
        [Flag("clip", Description = "clamp the step to [-1, 1]")]
        [StepState("cold", Init = "1")]
        [State("velocity")]
        [Assign("cold", "cold * momentum")]
        [Let("kept", "abs(g) > threshold ? g : 0")]
        [Assign("velocity", "momentum * velocity + (1 - momentum) * kept")]
        [Update("lr * (1 - cold) * (clip ? clamp(velocity, -1, 1) : velocity)")]
        public sealed partial class Thresholded;
        """;

    [Fact]
    public void Shipped_AdamW_matches_its_snapshot() =>
        AssertSnapshot(GeneratorHarness.Run(GeneratorHarness.WithRuntimeKernels(GeneratorHarness.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Optimizers, "AdamW.cs"))))), "AdamW.cs.txt");

    [Fact]
    public void Shipped_Sophia_with_a_conditional_input_matches_its_snapshot() =>
        AssertSnapshot(GeneratorHarness.Run(GeneratorHarness.WithRuntimeKernels(GeneratorHarness.Parse(
            File.ReadAllText(Path.Combine(RepositoryPaths.Optimizers, "Sophia.cs"))))), "Sophia.cs.txt");

    [Fact]
    public void Custom_spec_matches_its_snapshot() => AssertSnapshot(GeneratorHarness.RunSpec(CustomSpec), "Thresholded.cs.txt");

    private static void AssertSnapshot(GeneratorRun run, string file)
    {
        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        string actual = run.SingleSource.Replace("\r\n", "\n");

        if (Environment.GetEnvironmentVariable("SIMDOPT_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(Path.Combine(RepositoryPaths.ExpectedSources, file), actual);
            return;
        }
        string path = Path.Combine(AppContext.BaseDirectory, "Expected", file);
        Assert.True(File.Exists(path), $"No snapshot {file}: run the tests once with SIMDOPT_UPDATE_SNAPSHOTS=1 and commit Expected/{file}.");
        string expected = File.ReadAllText(path).Replace("\r\n", "\n");
        if (expected != actual)
            Assert.Fail($"The emitted code differs from Expected/{file} ('-' expected, '+' emitted). If the change is intended, "
                + "regenerate with SIMDOPT_UPDATE_SNAPSHOTS=1 (see SnapshotTests).\n" + TextDiff.Unified(expected, actual));
    }

    [Fact]
    public void The_diff_shows_changed_lines_with_their_context()
    {
        string diff = TextDiff.Unified("a\nb\nc\nd\ne\nf\ng\nh\ni", "a\nb\nc\nd\nE\nf\ng\nh\ni");

        Assert.Equal("@@ expected line 2\n  b\n  c\n  d\n+ E\n- e\n  f\n  g\n  h\n", diff);
    }
}
