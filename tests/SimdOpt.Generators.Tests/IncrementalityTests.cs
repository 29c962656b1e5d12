using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>An edit that does not touch a spec reuses every stage's cached output, and no stage's output holds compiler
/// objects.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] Stages =
    {
        SimdOptGenerator.Stages.Parse, SimdOptGenerator.Stages.Analyze, SimdOptGenerator.Stages.Model, SimdOptGenerator.Stages.Declarations,
        SimdOptGenerator.Stages.Referenced, SimdOptGenerator.Stages.Registry, SimdOptGenerator.Stages.HiddenTypes,
        SimdOptGenerator.Stages.EmitContext, SimdOptGenerator.Stages.Emit, SimdOptGenerator.Stages.Orphans,
    };

    /// <summary>A spec that generates code with a warning: it never changes p (SIMDOPT0015, on the class
    /// name).</summary>
    private const string Drifting = """
        using SimdOpt.Spec;

        namespace Specs;

        [Optimizer("drifting")]
        [Hyperparameter("lr", 0.1, Min = 0)]
        [State("velocity")]
        [Assign("velocity", "velocity + lr * g")]
        public sealed partial class Drifting;
        """;

    private const string Unrelated = """
        namespace Elsewhere;

        /// <summary>Code with no optimizer in it.</summary>
        public static class Helpers
        {
            /// <summary>Doubles a value.</summary>
            public static int Twice(int x) => 2 * x;
        }
        """;

    private static Compilation Initial() => GeneratorHarness.WithRuntimeKernels(
        GeneratorHarness.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Optimizers, "AdamW.cs")), "AdamW.cs"),
        GeneratorHarness.Parse(SnapshotTests.CustomSpec, "Custom.cs"),
        GeneratorHarness.Parse(DiagnosticCase.All.First(c => c.Id == "SIMDOPT0004").Source, "Faulty.cs"),
        GeneratorHarness.Parse(Unrelated, "Helpers.cs"));

    [Fact]
    public void Adding_an_unrelated_file_reuses_every_stage()
    {
        var initial = Initial();
        AssertSecondRunCached(initial, initial.AddSyntaxTrees(GeneratorHarness.Parse("namespace Elsewhere; internal sealed class Added;", "Added.cs")));
    }

    [Fact]
    public void Editing_an_unrelated_file_reuses_every_stage()
    {
        var initial = Initial();
        var old = initial.SyntaxTrees.Single(tree => tree.FilePath == "Helpers.cs");
        var edited = GeneratorHarness.Parse(Unrelated.Replace("2 * x", "x + x").Replace("Doubles", "Adds a value to itself, doubling"), "Helpers.cs");
        AssertSecondRunCached(initial, initial.ReplaceSyntaxTree(old, edited));
    }

    [Fact]
    public void An_edit_that_only_moves_a_warning_reports_it_moved_and_does_not_emit_again()
    {
        var initial = GeneratorHarness.WithRuntimeKernels(GeneratorHarness.Parse(Drifting, "Drifting.cs"));
        var moved = initial.ReplaceSyntaxTree(initial.SyntaxTrees.Single(),
            GeneratorHarness.Parse(Drifting.Replace("[Optimizer(", "// A comment that moves the class down two lines.\n\n[Optimizer("), "Drifting.cs"));
        var (firstRun, driver) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), initial);
        var (secondRun, _) = GeneratorHarness.Run(driver, moved);

        var before = Assert.Single(firstRun.Diagnostics);
        var after = Assert.Single(secondRun.Diagnostics);
        Assert.Equal("SIMDOPT0015", after.Id);
        Assert.Equal(before.Location.GetLineSpan().StartLinePosition.Line + 2, after.Location.GetLineSpan().StartLinePosition.Line);
        var steps = secondRun.Result.Results.Single().TrackedSteps;
        Assert.Equal([IncrementalStepRunReason.Modified], steps[SimdOptGenerator.Stages.Analyze].SelectMany(run => run.Outputs).Select(o => o.Reason));
        Assert.Equal([IncrementalStepRunReason.Unchanged], steps[SimdOptGenerator.Stages.Model].SelectMany(run => run.Outputs).Select(o => o.Reason));
        // Cached, not Unchanged: the emitter did not run at all.
        Assert.Equal([IncrementalStepRunReason.Cached], steps[SimdOptGenerator.Stages.Emit].SelectMany(run => run.Outputs).Select(o => o.Reason));
        Assert.Equal(firstRun.SingleSource, secondRun.SingleSource);
    }

    private static void AssertSecondRunCached(Compilation first, Compilation second)
    {
        var (firstRun, driver) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), first);
        Assert.Null(firstRun.Crash);
        Assert.Equal(2, firstRun.Sources.Length);
        Assert.Single(firstRun.Diagnostics);

        var (secondRun, _) = GeneratorHarness.Run(driver, second);
        Assert.Null(secondRun.Crash);

        var steps = secondRun.Result.Results.Single().TrackedSteps;
        foreach (var stage in Stages)
        {
            Assert.True(steps.TryGetValue(stage, out var runs), $"stage {stage} did not run; ran: {string.Join(", ", steps.Keys)}; first: {string.Join(", ", firstRun.Result.Results.Single().TrackedSteps.Keys)}");
            Assert.NotEmpty(runs);
            foreach (var output in runs.SelectMany(run => run.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"{stage} output was {output.Reason} after an unrelated edit");
                Assert.Null(ModelGraph.FindBanned(output.Value));
            }
        }
        Assert.Equal(firstRun.Sources.Select(s => s.SourceText.ToString()), secondRun.Sources.Select(s => s.SourceText.ToString()));
    }

    [Fact]
    public void The_model_walk_finds_a_symbol_or_a_syntax_node()
    {
        var compilation = Initial();
        var tree = compilation.SyntaxTrees.First();

        Assert.Contains("SyntaxNode", ModelGraph.FindBanned(new { Kept = new[] { tree.GetRoot() } }));
        Assert.Contains("ISymbol", ModelGraph.FindBanned(Tuple.Create(1, compilation.GetTypeByMetadataName("System.Object"))));
        Assert.Contains("Compilation", ModelGraph.FindBanned(new List<object> { "x", compilation }));
        Assert.Null(ModelGraph.FindBanned(new { Text = "x", Numbers = new[] { 1, 2 } }));
    }
}
