using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>[Optimizer(Registered = false)]: the spec gets its kernel and descriptor but no registration, so the
/// registry (and with it simdopt list, the demo and golden replay) never sees it.</summary>
public sealed class UnregisteredSpecTests
{
    private static string Spec(string optimizer) =>
        "using SimdOpt.Spec;\n\nnamespace Specs;\n\n" + optimizer
        + "\n[Hyperparameter(\"decay\", 0.5, Min = 0, Max = 1)]\n"
        + "[Assign(\"p\", \"p + (1 - decay) * (g - p)\")]\npublic sealed partial class Probe;\n";

    [Fact]
    public void An_unregistered_spec_has_its_kernel_and_descriptor_but_no_registration()
    {
        var run = GeneratorHarness.RunSpec(Spec("[Optimizer(\"probe\", Registered = false)]"));
        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.GeneratedCodeProblems);
        string source = run.SingleSource;
        Assert.Contains("public static global::SimdOpt.Kernels.OptimizerInfo Descriptor", source);
        Assert.Contains("public static void Step(Probe hyperparameters", source);
        Assert.DoesNotContain("ModuleInitializer", source);
        Assert.DoesNotContain("OptimizerRegistry.Register", source);
    }

    [Fact]
    public void The_name_of_an_unregistered_spec_of_a_referenced_assembly_is_free()
    {
        // SimdOpt's averaging rules are specs named "ema" and "swa" that register nothing: a consumer may take the
        // names, while a registered optimizer's name stays refused (SIMDOPT0020).
        foreach (string name in new[] { "ema", "swa" })
        {
            var run = GeneratorHarness.RunSpec(Spec($"[Optimizer(\"{name}\")]"));
            Assert.Null(run.Crash);
            Assert.Empty(run.Diagnostics);
        }
        var clash = GeneratorHarness.RunSpec(Spec("[Optimizer(\"adamw\")]"));
        Assert.Equal("SIMDOPT0020", Assert.Single(clash.Diagnostics).Id);
    }

    [Theory]
    [InlineData("[Optimizer(\"probe\")]")]
    [InlineData("[Optimizer(\"probe\", Registered = true)]")]
    public void A_spec_is_registered_unless_it_says_otherwise(string optimizer)
    {
        var run = GeneratorHarness.RunSpec(Spec(optimizer));
        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Contains("OptimizerRegistry.Register(Descriptor)", run.SingleSource);
    }
}
