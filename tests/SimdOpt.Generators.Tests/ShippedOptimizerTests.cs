using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>The shipped optimizers, compiled from source with the generator, the way src/SimdOpt builds them.</summary>
public sealed class ShippedOptimizerTests
{
    // The SDK's implicit usings for Microsoft.NET.Sdk, which src/SimdOpt enables.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    [Fact]
    public void Every_shipped_optimizer_generates_code_that_compiles_without_errors_or_warnings()
    {
        var sources = new[] { "Spec", "Kernels", "Optimizers" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(RepositoryPaths.RuntimeSources, folder), "*.cs", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(path => GeneratorHarness.Parse(File.ReadAllText(path), path))
            .Append(GeneratorHarness.Parse(ImplicitUsings, "GlobalUsings.cs"));
        var compilation = GeneratorHarness.FrameworkOnly(sources);

        var run = GeneratorHarness.Run(compilation);

        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        var expected = Directory.GetFiles(RepositoryPaths.Optimizers, "*.cs").Select(path => "SimdOpt.Optimizers." + Path.GetFileNameWithoutExtension(path) + ".SimdOpt.g.cs");
        Assert.Equal(expected.Order(StringComparer.Ordinal), run.Sources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Equal(11, run.Sources.Length);
        var problems = run.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString());
        Assert.Empty(problems);
    }
}
