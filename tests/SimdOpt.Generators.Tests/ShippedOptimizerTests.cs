using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>The shipped optimizers, compiled from source with the generator, the way src/SimdOpt builds them.</summary>
public sealed class ShippedOptimizerTests
{
    [Fact]
    public void Every_shipped_optimizer_generates_code_that_compiles_without_errors_or_warnings()
    {
        var compilation = GeneratorHarness.FrameworkOnly(GeneratorHarness.RuntimeSources("Spec", "Kernels", "Precision", "Optimizers"));

        var run = GeneratorHarness.Run(compilation);

        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        var expected = Directory.GetFiles(RepositoryPaths.Optimizers, "*.cs").Select(path => "SimdOpt.Optimizers." + Path.GetFileNameWithoutExtension(path) + ".SimdOpt.g.cs");
        Assert.Equal(expected.Order(StringComparer.Ordinal), run.Sources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Equal(22, run.Sources.Length);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString());
        Assert.Empty(problems);
    }
}
