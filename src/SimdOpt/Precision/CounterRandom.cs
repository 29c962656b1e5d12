using System.Runtime.CompilerServices;

namespace SimdOpt.Precision;

/// <summary>
/// The random bits of stochastic rounding: a counter-based stream, so element <c>i</c>'s bits depend only on
/// (seed, step, i), never on how the work is split, on the thread count or on the vector width. It is SplitMix64
/// (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014) read at counter <c>i</c>: the
/// output is Stafford's "Mix13" finalizer of <c>key + i · γ</c>, with γ the golden-ratio odd constant and the key
/// mixed from the seed and the step. SplitMix64 passes BigCrush, and its two 64-bit multiplications per element
/// vectorize on every width (Philox-4x32 needs a 32x32-&gt;64 high multiply per round, ten rounds, which the portable
/// vector API does not have). Each element takes the top 16 bits of its own 64-bit output.
/// </summary>
internal static class CounterRandom
{
    /// <summary>SplitMix64's increment: 2^64 / φ, odd.</summary>
    public const ulong Gamma = 0x9E37_79B9_7F4A_7C15UL;
    public const ulong Multiplier1 = 0xBF58_476D_1CE4_E5B9UL;
    public const ulong Multiplier2 = 0x94D0_49BB_1331_11EBUL;

    /// <summary>The stream's key for one (seed, step): two rounds of the mix, so nearby seeds and steps give unrelated
    /// keys.</summary>
    public static ulong Key(ulong seed, long step) => Mix(Mix(seed) + unchecked((ulong)step));

    /// <summary>Sixteen random bits for element <paramref name="index"/> of the stream <paramref name="key"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Bits16(ulong key, long index) => (uint)(Mix(key + unchecked((ulong)index * Gamma)) >> 48);

    /// <summary>Stafford's Mix13, SplitMix64's output function: a bijection of 64-bit integers with full
    /// avalanche.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * Multiplier1;
        z = (z ^ (z >> 27)) * Multiplier2;
        return z ^ (z >> 31);
    }
}
