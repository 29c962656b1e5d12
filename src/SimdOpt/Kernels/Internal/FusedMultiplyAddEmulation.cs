using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SimdOpt.Kernels.Internal;

/// <summary>
/// The float fused multiply-add <c>a * b + c</c>, rounded once, on a CPU without the instruction (x64 without FMA:
/// x86-64-v2 machines, Rosetta 2, emulators' default CPU models): in double precision, with round-to-odd, as vector
/// code. The runtime's own vector fallback rounds correctly too, but calls the C library's <c>fmaf</c> once per lane;
/// a generated AdamW step over Vector128 then took 27.5 ns/elem, three times its scalar path. The scalar path keeps
/// <see cref="MathF.FusedMultiplyAdd"/>: one lane of this emulation is a chain of some 20 dependent operations, which
/// made AdamW's scalar loop slower than the C library's call.
/// </summary>
/// <remarks>
/// Why it is exact: a float product is exact in double (24 + 24 bits of 53, exponents far inside double's range), so
/// only the sum rounds. The sum is rounded to odd (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums:
/// proved algorithms using rounding to odd", IEEE Trans. Computers 57(4), 2008): to the nearest double, then, when that
/// was inexact (the error, exact by Knuth's TwoSum, is not zero) and its last bit is even, to the neighbour towards
/// the exact sum, whose last bit is odd. Rounding a round-to-odd double to float is then the correctly rounded float,
/// since 53 &gt;= 2 * 24 + 2; subnormal floats keep fewer bits, so the bound holds for them too. The cases that break
/// it do not arise: the sum cannot overflow (|a b| &lt;= 2^256) nor lose bits to underflow (every operand is a
/// multiple of 2^-298, above double's subnormals), an exact zero sum rounds to a zero of the IEEE sign, and an
/// infinite or NaN operand gives an infinite or NaN sum whose error is NaN, which the test leaves alone. A NaN result
/// is the first NaN operand (a, b, c), as the double operations propagate it.
/// </remarks>
internal static class FusedMultiplyAddEmulation
{
    /// <summary>Element-wise <c>a * b + c</c> rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Fused(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Vector128.Narrow(
            Fused(Vector128.WidenLower(a), Vector128.WidenLower(b), Vector128.WidenLower(c)),
            Fused(Vector128.WidenUpper(a), Vector128.WidenUpper(b), Vector128.WidenUpper(c)));

    /// <summary>Element-wise <c>a * b + c</c> rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Fused(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Vector256.Create(Fused(a.GetLower(), b.GetLower(), c.GetLower()),
            Fused(a.GetUpper(), b.GetUpper(), c.GetUpper()));

    /// <summary>Element-wise <c>a * b + c</c> rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Fused(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Vector512.Create(Fused(a.GetLower(), b.GetLower(), c.GetLower()),
            Fused(a.GetUpper(), b.GetUpper(), c.GetUpper()));

    // Two lanes, on the widened factors and addend: the sum rounded to odd, then (by the caller's narrowing) to float.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Fused(Vector128<double> a, Vector128<double> b, Vector128<double> c)
    {
        var product = a * b;
        var sum = product + c;
        var error = TwoSumError(product, c, sum);
        var zero = Vector128<double>.Zero;
        var negativeError = Vector128.LessThan(error, zero);
        var inexact = negativeError | Vector128.GreaterThan(error, zero);
        // All ones (-1) where the exact value lies towards zero from sum, else 0.
        var towardsZero = (negativeError ^ Vector128.LessThan(sum, zero)).AsInt64();
        var odd = (sum.AsInt64() + towardsZero) | Vector128<long>.One;
        return Vector128.ConditionalSelect(inexact, odd.AsDouble(), sum);
    }

    // Knuth's TwoSum: (x + y) - s exactly, for s the rounded x + y, whatever the order of the magnitudes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> TwoSumError(Vector128<double> x, Vector128<double> y, Vector128<double> s)
    {
        var yPart = s - x;
        return (x - (s - yPart)) + (y - yPart);
    }
}
