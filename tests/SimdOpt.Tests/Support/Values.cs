using System.Numerics;
using System.Runtime.CompilerServices;

namespace SimdOpt.Tests.Support;

/// <summary>
/// Draws element values: ordinary numbers of every magnitude, mixed at a chosen share with the values that break
/// careless kernels (signed zeros, denormals, huge numbers, NaN and infinities).
/// </summary>
internal static class Values
{
    /// <summary>Fills <paramref name="values"/>; each element is one of <see cref="Special{T}"/> with probability
    /// <paramref name="specialShare"/>, else <see cref="Ordinary{T}"/>.</summary>
    /// <param name="values">The elements to fill.</param>
    /// <param name="random">The source of randomness.</param>
    /// <param name="specialShare">The probability of a special value, 0 to 1.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static void Fill<T>(Span<T> values, Random random, double specialShare) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextDouble() < specialShare ? Special<T>(random) : Ordinary<T>(random);
    }

    /// <summary>A random sign times a magnitude spread evenly over 10^-4 .. 10^4 on a log scale.</summary>
    /// <param name="random">The source of randomness.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static T Ordinary<T>(Random random) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.CreateTruncating(Signed(random, Math.Pow(10, -4 + 8 * random.NextDouble())));

    /// <summary>
    /// One of: +0, -0, the smallest denormal, a random denormal, the smallest normal, ±1e30, ±MaxValue, ±infinity,
    /// NaN, ±1. The NaN has the bits this machine's invalid operations produce (0/0): when two NaNs with different
    /// bits meet in a + or *, which one comes out depends on the operand order the JIT picks for that commutative
    /// operation (IEEE 754 leaves it open), so NaNs of other bits would test the JIT's register allocation, not the
    /// kernels.
    /// </summary>
    /// <param name="random">The source of randomness.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static T Special<T>(Random random) where T : unmanaged, IFloatingPointIeee754<T> => random.Next(16) switch
    {
        0 => T.Zero,
        1 => T.NegativeZero,
        2 => T.Epsilon,
        3 => -T.Epsilon,
        4 => RandomDenormal<T>(random),
        5 => SmallestNormal<T>(),
        6 => T.CreateTruncating(1e30),
        7 => T.CreateTruncating(-1e30),
        8 => MaxValue<T>(),
        9 => -MaxValue<T>(),
        10 => T.PositiveInfinity,
        11 => T.NegativeInfinity,
        12 or 13 => DefaultNaN<T>(),
        14 => T.One,
        _ => T.NegativeOne,
    };

    /// <summary>
    /// Fills <paramref name="values"/> with numbers a float computation handles without overflow or underflow:
    /// a random sign times 10^<paramref name="minExponent"/> .. 10^<paramref name="maxExponent"/> (log scale),
    /// and an exact +0 or -0 with probability <paramref name="zeroShare"/>.
    /// </summary>
    /// <param name="values">The elements to fill.</param>
    /// <param name="random">The source of randomness.</param>
    /// <param name="minExponent">The decimal exponent of the smallest magnitude.</param>
    /// <param name="maxExponent">The decimal exponent of the largest magnitude.</param>
    /// <param name="zeroShare">The probability of a signed zero.</param>
    /// <typeparam name="T">float or double.</typeparam>
    public static void FillWellScaled<T>(Span<T> values, Random random, double minExponent, double maxExponent, double zeroShare)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = random.NextDouble() < zeroShare
                ? (random.Next(2) == 0 ? T.Zero : T.NegativeZero)
                : T.CreateTruncating(Signed(random, Math.Pow(10, minExponent + (maxExponent - minExponent) * random.NextDouble())));
    }

    private static double Signed(Random random, double magnitude) => random.Next(2) == 0 ? magnitude : -magnitude;

    private static T DefaultNaN<T>() where T : unmanaged, IFloatingPointIeee754<T> => Divide(T.Zero, T.Zero);

    // Not inlined, so the division happens at run time on this machine rather than being folded by a compiler.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Divide<T>(T x, T y) where T : unmanaged, IFloatingPointIeee754<T> => x / y;

    /// <summary>The largest finite value of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    public static T MaxValue<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(float.MaxValue) : T.CreateTruncating(double.MaxValue);

    /// <summary>The smallest positive normal value of <typeparamref name="T"/>; below it, precision is lost.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    public static T SmallestNormal<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(BitConverter.Int32BitsToSingle(0x0080_0000)) : T.CreateTruncating(BitConverter.Int64BitsToDouble(0x0010_0000_0000_0000));

    private static T RandomDenormal<T>(Random random) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T magnitude = typeof(T) == typeof(float)
            ? T.CreateTruncating(BitConverter.Int32BitsToSingle(random.Next(1, 0x0080_0000)))
            : T.CreateTruncating(BitConverter.Int64BitsToDouble(random.NextInt64(1, 0x0010_0000_0000_0000)));
        return random.Next(2) == 0 ? magnitude : -magnitude;
    }
}
