using System.Globalization;
using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>One focused test per generator bug the fuzz tests found: each spec once crashed the generator or made code that did not compile.</summary>
public sealed class RegressionTests
{
    private static string Spec(string attributes, string declaration = "public sealed partial class Probe;") =>
        "using SimdOpt.Spec;\n\nnamespace Specs;\n\n[Optimizer(\"probe\")]\n[Hyperparameter(\"lr\", 0.1, Min = 0)]\n" + attributes + "\n" + declaration + "\n";

    private static void AssertCompilesCleanly(string source)
    {
        var run = GeneratorHarness.RunSpec(source);
        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Sources);
        Assert.Empty(run.GeneratedCodeProblems);
    }

    private static Diagnostic SingleDiagnostic(string source, string id)
    {
        var run = GeneratorHarness.RunSpec(source);
        Assert.Null(run.Crash);
        Assert.Empty(run.Sources);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(id, diagnostic.Id);
        return diagnostic;
    }

    [Theory]
    [InlineData(@"line\u2028separator")]
    [InlineData(@"paragraph\u2029separator")]
    [InlineData(@"next\u0085line")]
    [InlineData(@"carriage\rreturn\nand newline")]
    [InlineData(@"bell\u0007, nul\0 and escape\u001b")]
    [InlineData(@"lone \uD800 surrogate")]
    [InlineData(@"a <b> & \""c\""")]
    public void A_description_with_line_separators_or_control_characters_stays_inside_its_doc_comment(string escaped) =>
        AssertCompilesCleanly(Spec($"[Hyperparameter(\"beta\", 0.5, Description = \"{escaped}\")]\n[Flag(\"clip\", Description = \"{escaped}\")]\n"
            + $"[State(\"velocity\", Init = \"beta\u2028\")]\n[Update(\"lr * beta * g\")]").Replace("beta\u2028", "beta\\u2028"));

    [Theory]
    [InlineData("g")]
    [InlineData("p")]
    public void Assigning_g_or_p_to_itself_is_no_self_assignment(string name) =>
        AssertCompilesCleanly(Spec($"[Assign(\"{name}\", \"{name}\")]\n[Update(\"lr * g\")]"));

    [Fact]
    public void Assigning_a_state_or_a_step_state_to_itself_is_no_self_assignment() =>
        AssertCompilesCleanly(Spec("[State(\"v\")]\n[StepState(\"q\", Init = \"1\")]\n[Assign(\"v\", \"g\")]\n[Assign(\"v\", \"v\")]\n[Assign(\"q\", \"q\")]\n[Update(\"lr * q * v\")]"));
}
