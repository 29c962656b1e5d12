using FsCheck;
using FsCheck.Fluent;

namespace SimdOpt.Tests.Precision;

/// <summary>One drawn codec case: a slice of <see cref="Length"/> elements at an odd or even <see cref="Offset"/>
/// inside larger arrays (whose other elements are guards no codec may write), with values from
/// <see cref="Seed"/>.</summary>
internal sealed record CodecCase(int Length, int Offset, int Seed)
{
    /// <summary>Guard elements after the slice.</summary>
    public const int After = 9;

    /// <summary>Lengths up to 5000 (every tail of every width and many whole 256-element blocks), half of them short;
    /// offsets 0..7, so slices start unaligned.</summary>
    public static Gen<CodecCase> Gen { get; } =
        from length in FsCheck.Fluent.Gen.Frequency((1, FsCheck.Fluent.Gen.Choose(0, 5000)),
            (1, FsCheck.Fluent.Gen.Choose(0, 300)))
        from offset in FsCheck.Fluent.Gen.Choose(0, 7)
        from seed in FsCheck.Fluent.Gen.Choose(int.MinValue, int.MaxValue)
        select new CodecCase(length, offset, seed);

    /// <summary>The whole array's length.</summary>
    public int Stride => Offset + Length + After;

    /// <summary>An array of <see cref="Stride"/> values of every kind.</summary>
    public float[] Floats() => CodecValues.Array(Stride, Seed);

    /// <summary>An array of <see cref="Stride"/> random elements of type <typeparamref name="T"/>.</summary>
    public T[] Random<T>(int salt) where T : unmanaged
    {
        var bytes = new byte[Stride * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()];
        new Random(Seed ^ salt).NextBytes(bytes);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    /// <summary>Fails unless <paramref name="after"/> keeps <paramref name="before"/>'s elements outside the
    /// slice, and the slice's elements are the same in <paramref name="expected"/> and <paramref name="after"/>
    /// (<paramref name="same"/> decides: the same bits, or NaN in both).</summary>
    public void AssertSlice<T>(T[] before, T[] expected, T[] after, Func<T, T, bool> same, string what)
    {
        for (int i = 0; i < Stride; i++)
        {
            bool inside = i >= Offset && i < Offset + Length;
            T want = inside ? expected[i] : before[i];
            if (!(inside ? same(want, after[i]) : EqualityComparer<T>.Default.Equals(want, after[i])))
                throw new Xunit.Sdk.XunitException(
                    $"{what}: array index {i} ({(inside ? "slice index " + (i - Offset) : "a guard")}): " +
                    $"got {after[i]}, expected {want}; case {this}");
        }
    }

    /// <summary>The same bits, or both NaN.</summary>
    public static bool SameFloat(float a, float b) =>
        BitConverter.SingleToUInt32Bits(a) == BitConverter.SingleToUInt32Bits(b) || (float.IsNaN(a) && float.IsNaN(b));
}
