using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>An edit that does not touch a spec reuses every stage's cached output, and no stage's output holds compiler objects.</summary>
public sealed class IncrementalityTests
{
    private static readonly string[] Stages = { SimdOptGenerator.Stages.Parse, SimdOptGenerator.Stages.Analyze, SimdOptGenerator.Stages.Emit, SimdOptGenerator.Stages.Orphans };

    private const string Unrelated = """
        namespace Elsewhere;

        /// <summary>Code with no optimizer in it.</summary>
        public static class Helpers
        {
            /// <summary>Doubles a value.</summary>
            public static int Twice(int x) => 2 * x;
        }
        """;

    private static Compilation Initial() => GeneratorHarness.WithRuntime(
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

    private static void AssertSecondRunCached(Compilation first, Compilation second)
    {
        var (firstRun, driver) = GeneratorHarness.Run(GeneratorHarness.CreateDriver(), first);
        Assert.Null(firstRun.Crash);
        Assert.Equal(2, firstRun.Sources.Length);
        Assert.Single(firstRun.Diagnostics);

        var (secondRun, _) = GeneratorHarness.Run(driver, second);

        var steps = secondRun.Result.Results.Single().TrackedSteps;
        foreach (var stage in Stages)
        {
            Assert.True(steps.TryGetValue(stage, out var runs), $"stage {stage} did not run");
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
