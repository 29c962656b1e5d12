using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SimdOpt.Generators.Language;
using SimdOpt.Generators.Tests.Infrastructure;
using SimdOpt.Kernels;

namespace SimdOpt.Generators.Tests;

/// <summary>
/// What one spec cannot see alone: the file names of every generated source, the registry names of the whole
/// compilation and of the assemblies it references, the types and members the generated code must not collide with.
/// Each case once crashed the generator (CS8785), aborted the program before Main, or made code that did not compile.
/// </summary>
public sealed partial class CompilationWideTests
{
    private static string Optimizer(string ns, string name, string className, string body = ";") =>
        $"namespace {ns}\n{{\n    [SimdOpt.Spec.Optimizer(\"{name}\")]\n    [SimdOpt.Spec.Hyperparameter(\"lr\", 0.1, Min = 0)]\n"
        + $"    [SimdOpt.Spec.Update(\"lr * g\")]\n    public sealed partial class {className}{body}\n}}\n";

    private static GeneratorRun Run(params string[] sources) =>
        GeneratorHarness.Run(GeneratorHarness.WithRuntime(sources.Select((source, i) => GeneratorHarness.Parse(source, $"Spec{i}.cs")).ToArray()));

    [Fact]
    public void An_optimizer_in_a_namespace_spelled_with_at_compiles_under_the_unescaped_hint_name()
    {
        var run = Run(Optimizer("MyCompany.@internal", "probe", "@Probe"));

        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(["MyCompany.internal.Probe.SimdOpt.g.cs"], run.Sources.Select(s => s.HintName));
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void Classes_whose_names_differ_only_in_case_get_distinct_files()
    {
        var run = Run(Optimizer("Specs", "lamb-probe", "Lamb") + Optimizer("Specs", "lamb-upper", "LAMB"));

        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(["Specs.LAMB.SimdOpt.g.cs", "Specs.Lamb.2.SimdOpt.g.cs"], run.Sources.Select(s => s.HintName).Order(StringComparer.Ordinal));
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void A_registry_name_used_twice_in_the_compilation_is_an_error_at_the_second()
    {
        var run = Run(Optimizer("First", "dup", "Probe"), Optimizer("Second", "dup", "Probe"));

        Assert.Null(run.Crash);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SIMDOPT0020", diagnostic.Id);
        Assert.Equal("Spec1.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal("\"dup\"", run.SpanText(diagnostic));
        Assert.StartsWith("Optimizer name 'dup' is already used by 'First.Probe';", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Equal(["First.Probe.SimdOpt.g.cs"], run.Sources.Select(s => s.HintName));
    }

    public static TheoryData<string, string, string> ClashingMembers => new()
    {
        { "[SimdOpt.Spec.Hyperparameter(\"beta\", 0.5)] ", "{ private double _h_beta; }", "'_h_beta' is also a member the generator adds to 'Probe' (the field of hyperparameter 'beta'); rename it" },
        { "[SimdOpt.Spec.Flag(\"nesterov\")] ", "{ public bool Nesterov() => true; }", "'Nesterov' is also a member the generator adds to 'Probe' (the property of flag 'nesterov'); rename it" },
        { "", "{ public static void Step() { } }", "'Step' is also a member the generator adds to 'Probe' (a member of every optimizer); rename it" },
        { "", "{ private int SimdOptCache; }", "'SimdOptCache' is also a member the generator adds to 'Probe' (the 'SimdOpt' members are the generator's); rename it" },
        { "", "{ public Probe(double learningRate) { } }", "'Probe(double)' is also a member the generator adds to 'Probe' (the constructor with every hyperparameter and flag); rename it" },
    };

    [Theory]
    [MemberData(nameof(ClashingMembers))]
    public void A_member_named_like_a_generated_member_is_reported_at_the_member(string attributes, string body, string message)
    {
        var run = Run(Optimizer("Specs", "probe", "Probe", "\n    " + body).Replace("public sealed partial", attributes + "public sealed partial"));

        Assert.Null(run.Crash);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SIMDOPT0022", diagnostic.Id);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Contains(run.SpanText(diagnostic), body);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Own_members_under_other_names_compile_beside_the_generated_ones()
    {
        var run = Run(Optimizer("Specs", "probe", "Probe",
            "\n    {\n        /// <summary>Mine.</summary>\n        public double LearningRateHint => Lr;\n\n"
            + "        /// <summary>Mine.</summary>\n        public Probe(int ignored) : this() { }\n\n"
            + "        /// <inheritdoc/>\n        public override string ToString() => \"probe\";\n    }"));

        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.GeneratedCodeProblems);
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Theory]
    [InlineData("namespace System { public static class Math { } }", "System.Math")]
    [InlineData("namespace SimdOpt { public static class Kernels { } }", "SimdOpt.Kernels")]
    public void A_type_hiding_a_runtime_type_or_namespace_is_reported_and_nothing_is_generated(string declaration, string fullName)
    {
        var run = Run(declaration, Optimizer("Specs", "probe", "Probe"));

        Assert.Null(run.Crash);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SIMDOPT0021", diagnostic.Id);
        Assert.StartsWith($"'{fullName}' has the full name", diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void A_type_hiding_a_runtime_type_is_not_reported_without_an_optimizer() =>
        Assert.Empty(Run("namespace System { public static class Math { } }").Diagnostics);

    [Fact]
    public void Every_type_the_generated_code_names_is_in_the_list_of_names_kept_free()
    {
        var compilation = GeneratorHarness.FrameworkOnly(GeneratorHarness.RuntimeSources("Spec", "Kernels", "Precision", "Optimizers")
            .Append(GeneratorHarness.Parse(SnapshotTests.CustomSpec.Replace("namespace Specs;", "namespace SimdOpt.Optimizers;"), "Custom.cs")));
        var sources = GeneratorHarness.Run(compilation).Sources.Select(s => s.SourceText.ToString()).ToArray();
        Assert.Equal(23, sources.Length);

        var named = sources.SelectMany(source => GlobalName().Matches(source).Select(m => m.Groups[1].Value)).Distinct().Order(StringComparer.Ordinal);
        var listed = RuntimeTypes.Referenced.Select(name => name.Split('`')[0]).ToArray();
        // An attribute is spelled without its suffix: [global::System.Runtime.CompilerServices.ModuleInitializer].
        Assert.All(named, name => Assert.Contains(listed, type => name == type || name + "Attribute" == type || name.StartsWith(type + ".", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"global::([A-Za-z0-9_.]+)")]
    private static partial Regex GlobalName();

    [Fact]
    public void Two_assemblies_registering_one_name_load_and_the_lookup_names_both()
    {
        var first = Load("ConflictFirst", Optimizer("First", "registry-conflict-probe", "Probe"));
        var second = Load("ConflictSecond", Optimizer("Second", "registry-conflict-probe", "Probe"));

        // Touching a generated type runs its assembly's module initializer, which registers it.
        var infos = new[] { first, second }.Select(a => (OptimizerInfo)a.GetTypes().Single(t => t.Name == "Probe").GetProperty("Descriptor")!.GetValue(null)!).ToArray();

        var error = Assert.Throws<InvalidOperationException>(() => OptimizerRegistry.Get("registry-conflict-probe"));
        Assert.Equal("Optimizer name 'registry-conflict-probe' is ambiguous: it is registered by First.Probe (ConflictFirst) and "
            + "Second.Probe (ConflictSecond); rename one of them in its [Optimizer].", error.Message);
        Assert.Throws<InvalidOperationException>(() => OptimizerRegistry.TryGet("REGISTRY-conflict-probe", out _));
        Assert.Equal(infos.Select(i => i.Type), OptimizerRegistry.All.Where(i => i.Name == "registry-conflict-probe").Select(i => i.Type));
    }

    private static Assembly Load(string assemblyName, string source)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.WithRuntime(GeneratorHarness.Parse(source)).WithAssemblyName(assemblyName));
        Assert.Empty(run.Diagnostics);
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return Assembly.Load(image.ToArray());
    }
}
