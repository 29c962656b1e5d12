using System.Globalization;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>What docs/spec-language.md quotes and claims about its walk-through stays true.</summary>
public sealed class DocumentationTests
{
    private static string Walkthrough => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "SimdOpt.Tests", "Walkthrough", "AdaBelief.cs")).Replace("\r\n", "\n");

    private static string LanguageDocument => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "spec-language.md")).Replace("\r\n", "\n");

    [Fact]
    public void The_language_document_quotes_the_walkthrough_spec_as_it_is() =>
        Assert.Contains(Walkthrough.TrimEnd('\n'), LanguageDocument);

    [Fact]
    public void The_walkthrough_spec_generates_code_that_compiles_cleanly()
    {
        var run = GeneratorHarness.RunSpec(Walkthrough);

        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void The_walkthrough_typo_is_reported_where_the_document_says()
    {
        var run = GeneratorHarness.RunSpec(Walkthrough.Replace("\"g - exp_avg\"", "\"g - exp_avgg\""));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SIMDOPT0004", diagnostic.Id);
        Assert.Equal("'exp_avgg' is not declared", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal("exp_avgg", run.SpanText(diagnostic));
        Assert.Empty(run.Sources);
        Assert.Contains("SIMDOPT0004 `'exp_avgg' is not declared`", LanguageDocument);
    }

    [Fact]
    public void The_language_document_lists_every_function_and_where_it_may_be_computed()
    {
        // The function table's rows: "  | `min(a, b)`, `max(a, b)` | meaning | where |", keyed by their first cell.
        var rows = LanguageDocument.Split('\n').Where(line => line.StartsWith("  | `", StringComparison.Ordinal))
            .Select(line => (Names: line.Split('|')[1], Line: line)).ToArray();
        foreach (var function in Operations.Functions)
        {
            var row = rows.SingleOrDefault(r => r.Names.Contains("`" + function.Symbol + "(", StringComparison.Ordinal)).Line;
            Assert.True(row is not null, $"docs/spec-language.md has no row for '{function.Symbol}'");
            Assert.EndsWith(function.PerStepOnly ? "| per step only (SIMDOPT0010) |" : "| per element and per step |", row);
        }
        Assert.All(rows, r => Assert.Contains(Operations.Functions, f => r.Names.Contains("`" + f.Symbol + "(", StringComparison.Ordinal)));
    }
}
