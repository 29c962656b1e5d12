using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// AdEMAMix's warm-up of alpha and beta3, on every path: the generic property draws an unbounded hyperparameter up to
/// <c>max(10 * default, 1)</c>, so with its default of 0 it draws <c>t_alpha_beta3 &lt;= 1</c> and never warms up.
/// Here it is drawn up to 1200 steps, past the step counts the cases start from (1, 2..1000, huge), so steps inside
/// the warm-up, at its end and after it all come up.
/// </summary>
public sealed class WarmUpBitIdentityTests
{
    /// <summary>Every path equals the scalar path on float, with warm-ups.</summary>
    [Fact]
    public void Every_path_equals_the_scalar_path_for_float() => Check<float>();

    /// <summary>Every path equals the scalar path on double, with warm-ups.</summary>
    [Fact]
    public void Every_path_equals_the_scalar_path_for_double() => Check<double>();

    private static FsCheck.Gen<KernelCase> Cases() => KernelCase.For(AdEMAMix.Descriptor,
        h => h.Name == "t_alpha_beta3" ? new Interval(0, 1200) : Hyperparameters.DrawingRange(h));

    /// <summary>Checks every case, and that the cases did warm up: some start inside their warm-up.</summary>
    private static void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        int warming = 0;
        Property.ForAll(Cases(), c =>
        {
            if (c.FirstStep < c.Optimizer.GetHyperparameter("t_alpha_beta3")) warming++;
            var initial = c.Workspace<T>();
            var scalar = c.RunPlan(initial, KernelPath.Scalar);
            Workspace<T>.AssertWritesOnlyInside(initial, scalar, c.Optimizer.IsStateActive);
            foreach (var path in Registered.NonScalarPaths)
                Workspace<T>.AssertSameResults(scalar, c.RunPlan(initial, path), path + " vs Scalar");
        });
        Assert.True(warming >= Property.Cases / 4, $"only {warming} of {Property.Cases} cases start inside their warm-up");
    }
}
