using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// Every kernel path — Vector512, Vector256, Vector128, Vector&lt;T&gt; and Auto — computes the same bits as the
/// scalar path, for every registered optimizer, on random lengths, slices, hyperparameters, flags, step counts and
/// values (signed zeros, denormals, huge numbers, NaN, infinities), and writes nothing outside the tensor.
/// </summary>
public sealed class BackendBitIdentityTests
{
    /// <summary>Every path equals the scalar path on float.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Every_path_equals_the_scalar_path_for_float(string optimizer) =>
        Check<float>(OptimizerRegistry.Get(optimizer));

    /// <summary>Every path equals the scalar path on double.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Every_path_equals_the_scalar_path_for_double(string optimizer) =>
        Check<double>(OptimizerRegistry.Get(optimizer));

    /// <summary>The property for one kernel, registered or not (the averaging rules).</summary>
    internal static void Check<T>(OptimizerInfo kernel) where T : unmanaged, IFloatingPointIeee754<T> =>
        Property.ForAll(KernelCase.For(kernel), c =>
        {
            var initial = c.Workspace<T>();
            var scalar = c.RunPlan(initial, KernelPath.Scalar);
            Workspace<T>.AssertWritesOnlyInside(initial, scalar, c.Optimizer.IsStateActive);
            foreach (var path in Registered.NonScalarPaths)
                Workspace<T>.AssertSameResults(scalar, c.RunPlan(initial, path), path + " vs Scalar");
        });
}
