using System.Numerics;
using System.Runtime.Intrinsics;
using SimdOpt.Kernels;
using SimdOpt.Kernels.Internal;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// <see cref="KernelMath.Sign{T}(T)"/>: 1 for positives, -1 for negatives, and zeros and NaN returned as they are
/// (sign(0) = 0, as Lion and Rprop need), the same in every vector width.
/// </summary>
public sealed class KernelMathSignTests
{
    /// <summary>Each double with its sign.</summary>
    public static TheoryData<double, double> DoubleSigns => Signs<double>();

    /// <summary>Each float with its sign.</summary>
    public static TheoryData<float, float> FloatSigns => Signs<float>();

    /// <summary>The double overload, bit for bit (so +0 and -0 are told apart).</summary>
    [Theory]
    [MemberData(nameof(DoubleSigns))]
    public void Sign_of_a_double(double x, double expected) =>
        Assert.Equal(Bits.Of(expected), Bits.Of(KernelMath.Sign(x)));

    /// <summary>The generic overload on float, bit for bit.</summary>
    [Theory]
    [MemberData(nameof(FloatSigns))]
    public void Sign_of_a_float(float x, float expected) =>
        Assert.Equal(Bits.Of(expected), Bits.Of(KernelMath.Sign(x)));

    private static TheoryData<T, T> Signs<T>() where T : unmanaged, IFloatingPointIeee754<T> => new()
    {
        { T.Zero, T.Zero },
        { T.NegativeZero, T.NegativeZero },
        { T.Epsilon, T.One },
        { -T.Epsilon, T.NegativeOne },
        { T.CreateTruncating(2.5), T.One },
        { T.CreateTruncating(-1e30), T.NegativeOne },
        { T.PositiveInfinity, T.One },
        { T.NegativeInfinity, T.NegativeOne },
        { T.NaN, T.NaN },
    };

    /// <summary>Every vector overload equals the scalar one in every lane, on float.</summary>
    [Fact]
    public void Vector_overloads_equal_the_scalar_one_for_float() => VectorsEqualScalar<float>();

    /// <summary>Every vector overload equals the scalar one in every lane, on double.</summary>
    [Fact]
    public void Vector_overloads_equal_the_scalar_one_for_double() => VectorsEqualScalar<double>();

    private static void VectorsEqualScalar<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Every special value and a spread of ordinary ones, enough to fill several of the widest vectors.
        var random = new Random(20230213);
        var values = new T[4 * Vector512<T>.Count];
        for (int i = 0; i < values.Length; i++) values[i] = i % 2 == 0 ? Values.Special<T>(random) : Values.Ordinary<T>(random);
        var expected = values.Select(KernelMath.Sign).ToArray();

        var actual = new T[values.Length];
        for (int i = 0; i < values.Length; i += Vector512<T>.Count)
            KernelMath.Sign(Vector512.Create<T>(values.AsSpan(i))).CopyTo(actual, i);
        Bits.Equal<T>(expected, actual, "Vector512 sign");
        for (int i = 0; i < values.Length; i += Vector256<T>.Count)
            KernelMath.Sign(Vector256.Create<T>(values.AsSpan(i))).CopyTo(actual, i);
        Bits.Equal<T>(expected, actual, "Vector256 sign");
        for (int i = 0; i < values.Length; i += Vector128<T>.Count)
            KernelMath.Sign(Vector128.Create<T>(values.AsSpan(i))).CopyTo(actual, i);
        Bits.Equal<T>(expected, actual, "Vector128 sign");
        for (int i = 0; i + Vector<T>.Count <= values.Length; i += Vector<T>.Count)
            KernelMath.Sign(new Vector<T>(values.AsSpan(i))).CopyTo(actual, i);
        Bits.Equal<T>(expected, actual, "Vector<T> sign");
    }
}
