using SimdOpt.Averaging;
using SimdOpt.Kernels;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// The averaging kernels (<see cref="Ema"/>, <see cref="Swa"/>) are not registered, so the registry's bit-identity
/// theory does not reach them: <see cref="BackendBitIdentityTests"/>' property for them — every path computes the
/// scalar path's bits on random lengths, slices, hyperparameters, flags, update counts and values (NaN and infinities
/// included), and writes nothing outside the tensor.
/// </summary>
public sealed class AveragingBitIdentityTests
{
    public static TheoryData<string> Rules => ["ema", "swa"];

    private static OptimizerInfo Rule(string name) => name == "ema" ? Ema.Descriptor : Swa.Descriptor;

    /// <summary>Every path equals the scalar path on float.</summary>
    [Theory]
    [MemberData(nameof(Rules))]
    public void Every_path_equals_the_scalar_path_for_float(string rule) =>
        BackendBitIdentityTests.Check<float>(Rule(rule));

    /// <summary>Every path equals the scalar path on double.</summary>
    [Theory]
    [MemberData(nameof(Rules))]
    public void Every_path_equals_the_scalar_path_for_double(string rule) =>
        BackendBitIdentityTests.Check<double>(Rule(rule));
}
