using SimdOpt.Generators.Tests.Infrastructure;

namespace SimdOpt.Generators.Tests;

/// <summary>SIMDOPT0019 beyond its table case: partial classes, and classes that are no spec at all.</summary>
public sealed class OrphanedSpecTests
{
    [Fact]
    public void A_class_split_in_two_parts_is_reported_once()
    {
        var run = GeneratorHarness.RunSpec("""
            using SimdOpt.Spec;

            namespace Specs;

            [Hyperparameter("lr", 0.1, Min = 0)]
            public sealed partial class Probe;

            [Update("lr * g")]
            public sealed partial class Probe;
            """);

        Assert.Null(run.Crash);
        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("SIMDOPT0019", diagnostic.Id);
        Assert.Contains("([Hyperparameter], [Update])", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Optimizer_on_another_part_of_the_class_is_enough()
    {
        var run = GeneratorHarness.RunSpec("""
            using SimdOpt.Spec;

            namespace Specs;

            [Optimizer("probe")]
            public sealed partial class Probe;

            [Hyperparameter("lr", 0.1, Min = 0)]
            [Update("lr * g")]
            public sealed partial class Probe;
            """);

        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Single(run.Sources);
    }

    [Fact]
    public void Classes_with_other_attributes_are_not_reported()
    {
        var run = GeneratorHarness.RunSpec("""
            using System;

            namespace Specs;

            [Obsolete("not a spec")]
            [Serializable]
            public sealed class Plain;
            """);

        Assert.Null(run.Crash);
        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.Sources);
    }
}
