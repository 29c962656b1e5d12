using System.Globalization;
using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>One focused test per generator bug the fuzz tests found: each spec once crashed the generator or made code
/// that did not compile.</summary>
public sealed class RegressionTests
{
    private static string Spec(params string[] attributes) => SpecOf("public sealed partial class Probe;", attributes);

    private static string SpecOf(string declaration, params string[] attributes) =>
        "using SimdOpt.Spec;\n\nnamespace Specs;\n\n[Optimizer(\"probe\")]\n[Hyperparameter(\"lr\", 0.1, Min = 0)]\n" + string.Join("\n", attributes) + "\n" + declaration + "\n";

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

    [Theory]
    [InlineData("simd_opt_run", "its C# name 'SimdOptRun' starts with 'SimdOpt', which generated members use")]
    [InlineData("_1a", "after its leading '_' a name must start with a letter, as C# names made from it must")]
    [InlineData("reference_equals", "its C# name 'ReferenceEquals' is already used by another declaration or by the generated class")]
    public void A_name_whose_CSharp_name_would_not_compile_is_refused(string name, string problem)
    {
        var diagnostic = SingleDiagnostic(Spec($"[Hyperparameter(\"{name}\", 0.5)]\n[Update(\"lr * g\")]"), "SIMDOPT0009");
        Assert.Equal($"'{name}' cannot be used as a name: {problem}", diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("public sealed partial class SimdOptStep;", "'SimdOptStep' is the name of a generated member; rename the class")]
    [InlineData("public sealed partial class T;", "'T' is the type parameter of the generated kernels; rename the class")]
    [InlineData("file sealed partial class Probe;", "it is file-local, and the generated part is another file; drop 'file'")]
    [InlineData("public sealed partial record Probe;", "it is a record; declare a plain class")]
    public void A_class_the_generated_code_cannot_complete_is_refused(string declaration, string problem)
    {
        var diagnostic = SingleDiagnostic(SpecOf(declaration, "[Update(\"lr * g\")]"), "SIMDOPT0002");
        Assert.EndsWith("cannot be generated: " + problem, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Optimizer_on_two_parts_of_a_partial_class_is_left_to_the_compiler_and_generated_once()
    {
        var run = GeneratorHarness.RunSpec(SpecOf("public sealed partial class Probe;\n\n[Optimizer(\"probe\")]\npublic sealed partial class Probe;", "[Update(\"lr * g\")]"));

        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Sources);
        Assert.Contains("CS0579", run.InputProblems.Select(d => d.Id));
    }

    [Theory]
    [InlineData("t > t", "'t > t' compares 't' with itself")]
    [InlineData("g != g", "'g != g' compares 'g' with itself")]
    public void A_value_compared_with_itself_is_reported_not_emitted(string comparison, string start)
    {
        var diagnostic = SingleDiagnostic(Spec($"[Update(\"{comparison} ? lr : 0\")]"), "SIMDOPT0017");
        Assert.StartsWith(start, diagnostic.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_if_that_never_changes_on_a_per_step_assignment_is_reported_not_emitted() =>
        SingleDiagnostic(Spec("[StepState(\"q\")]", "[Assign(\"q\", \"q + 1\", If = \"1 > 2\")]", "[Update(\"lr * q * g\")]"), "SIMDOPT0018");

    [Fact]
    public void A_let_nothing_reads_is_not_emitted() =>
        AssertCompilesCleanly(Spec("[Let(\"unused\", \"1\")]", "[Let(\"flag_like\", \"true\")]", "[Let(\"chain\", \"2\")]", "[Let(\"uses_chain\", \"chain * 2\")]", "[Update(\"lr * g\")]"));

    [Fact]
    public void An_expression_that_fails_reports_once_and_names_it_declares_raise_no_follow_up_errors()
    {
        var run = GeneratorHarness.RunSpec(Spec("[Let(\"step\", \"lr * (\")]", "[WeightDecay(\"decay\")]", "[Update(\"step * g\")]"));

        Assert.Null(run.Crash);
        Assert.Empty(run.Sources);
        Assert.Equal(["SIMDOPT0003", "SIMDOPT0004"], run.Diagnostics.Select(d => d.Id).Order());
        Assert.Equal("decay", run.SpanText(run.Diagnostics.Single(d => d.Id == "SIMDOPT0004")));
    }
}
