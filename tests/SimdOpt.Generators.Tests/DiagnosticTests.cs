using System.Globalization;
using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>Every SIMDOPT diagnostic, reported for a spec that commits its fault, with its id, severity, message and
/// place.</summary>
public sealed class DiagnosticTests
{
    public static TheoryData<DiagnosticCase> Cases => new(DiagnosticCase.All);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_fault_at_its_place(DiagnosticCase fault)
    {
        var run = GeneratorHarness.RunSpec(fault.Source);

        Assert.Null(run.Crash);
        Assert.Equal(fault.CompilerWarning is null ? [] : [fault.CompilerWarning], run.InputProblems.Select(d => d.Id));
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(fault.Id, diagnostic.Id);
        Assert.Equal(fault.Severity, diagnostic.Severity);
        Assert.Equal(fault.Message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(fault.Span, run.SpanText(diagnostic));
        if (fault.Severity == DiagnosticSeverity.Error)
            Assert.Empty(run.Sources);
        else
            Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void Every_diagnostic_id_has_a_case()
    {
        var declared = typeof(SimdOptGenerator).Assembly.GetType("SimdOpt.Generators.Language.Diagnostics")!
            .GetFields().Select(field => ((DiagnosticDescriptor)field.GetValue(null)!).Id).Order().ToArray();

        Assert.Equal(declared, DiagnosticCase.All.Select(c => c.Id).Distinct().Order().ToArray());
        // Each issue's work takes ids from its own range (SIMDOPT0030-0049 for reductions, SIMDOPT0050-0069 for the
        // language growth), so ids are unique and well formed, not consecutive.
        Assert.Equal(declared.Distinct(), declared);
        Assert.All(declared, id => Assert.Matches("^SIMDOPT[0-9]{4}$", id));
    }

    [Fact]
    public void The_diagnostics_document_quotes_every_example_and_message()
    {
        string document = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "diagnostics.md")).Replace("\r\n", "\n");

        foreach (var fault in DiagnosticCase.All)
        {
            Assert.True(document.Contains(fault.Example, StringComparison.Ordinal), $"docs/diagnostics.md lacks the example of '{fault.Name}':\n{fault.Example}");
            Assert.True(document.Contains(fault.Message, StringComparison.Ordinal), $"docs/diagnostics.md lacks the message of '{fault.Name}':\n{fault.Message}");
        }
    }
}
