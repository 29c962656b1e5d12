using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using Xunit.Sdk;

namespace SimdOpt.Tests.Support;

/// <summary>
/// Bit-for-bit comparison of floating-point data. <see cref="Equal{T}"/> is exact (-0 differs from +0, NaNs compare by
/// their bit pattern): for data that must not change. <see cref="SameResult{T}"/> is SimdOpt's promise between code
/// paths: the same bits wherever a value is a number, NaN wherever it is NaN (the NaN's sign and payload are the
/// hardware's, as IEEE 754 leaves them: x86's scalar and vector units pick different NaN operands).
/// </summary>
internal static class Bits
{
    /// <summary>The bit pattern of <paramref name="value"/> (float widened to 32 bits, double to 64).</summary>
    /// <param name="value">The value.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static long Of<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> =>
        value switch
        {
            float f => BitConverter.SingleToInt32Bits(f),
            double d => BitConverter.DoubleToInt64Bits(d),
            _ => throw new NotSupportedException(typeof(T).Name),
        };

    /// <summary>Fails, naming <paramref name="what"/> and the first differing element, unless both spans hold the same
    /// bits.</summary>
    /// <param name="expected">The expected values.</param>
    /// <param name="actual">The actual values.</param>
    /// <param name="what">What the spans are, for the message.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static void Equal<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"{what}: {actual.Length} elements, expected {expected.Length}.");
        if (MemoryMarshal.AsBytes(expected).SequenceEqual(MemoryMarshal.AsBytes(actual))) return;
        for (int i = 0; i < expected.Length; i++)
            if (Of(expected[i]) != Of(actual[i]))
                throw new XunitException($"{what}[{i}]: got {Describe(actual[i])}, expected {Describe(expected[i])}.");
    }

    /// <summary>
    /// Fails, naming <paramref name="what"/> and the first differing element, unless every element holds the same
    /// bits in both spans or is NaN in both (the rule between code paths; see the class summary).
    /// </summary>
    /// <param name="expected">The expected values.</param>
    /// <param name="actual">The actual values.</param>
    /// <param name="what">What the spans are, for the message.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static void SameResult<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, string what) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"{what}: {actual.Length} elements, expected {expected.Length}.");
        if (MemoryMarshal.AsBytes(expected).SequenceEqual(MemoryMarshal.AsBytes(actual))) return;
        for (int i = 0; i < expected.Length; i++)
            if (!SameResult(expected[i], actual[i]))
                throw new XunitException($"{what}[{i}]: got {Describe(actual[i])}, expected {Describe(expected[i])}.");
    }

    /// <summary>Whether two values hold the same bits or are both NaN.</summary>
    /// <param name="expected">The expected value.</param>
    /// <param name="actual">The actual value.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static bool SameResult<T>(T expected, T actual) where T : unmanaged, IFloatingPointIeee754<T> =>
        Of(expected) == Of(actual) || (T.IsNaN(expected) && T.IsNaN(actual));

    /// <summary>Fails unless both spans of doubles hold the same bits.</summary>
    /// <param name="expected">The expected values.</param>
    /// <param name="actual">The actual values.</param>
    /// <param name="what">What the spans are, for the message.</param>
    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what) => Equal<double>(expected, actual, what);

    /// <summary>The value with its bit pattern, e.g. <c>-0 (0x80000000)</c>.</summary>
    /// <param name="value">The value.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static string Describe<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> =>
        value.ToString("R", CultureInfo.InvariantCulture) + " (0x" + Of(value).ToString(typeof(T) == typeof(float) ? "X8" : "X16", CultureInfo.InvariantCulture)[^(typeof(T) == typeof(float) ? 8 : 16)..] + ")";
}
