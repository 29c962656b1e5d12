using System.Numerics;
using System.Runtime.Intrinsics;
using SimdOpt.Kernels.Internal;
using SimdOpt.Precision;

namespace SimdOpt.Tests.Precision;

/// <summary>
/// The in-register loads and stores the generated loops use for bfloat16 storage (<see cref="BFloat16Storage"/>), on
/// every width: each lane is exactly the codec's scalar conversion (<see cref="BFloat16Bits"/>), for every kind of
/// bit pattern (ties, NaN payloads, subnormals, infinities), so the in-register step and the staged step store the same
/// bits.
/// </summary>
public sealed class ElementStorageTests
{
    private const int Length = 4096;

    [Fact]
    public void Every_width_narrows_each_lane_as_the_codec()
    {
        var values = CodecValues.Array(Length, seed: 17);
        var expected = values.Select(v => BFloat16Bits.Narrow(BitConverter.SingleToUInt32Bits(v))).ToArray();
        foreach (var (name, store) in Stores())
        {
            var stored = new ushort[Length];
            store(values, stored);
            for (int i = 0; i < Length; i++)
                Assert.True(expected[i] == stored[i],
                    $"{name}: element {i} (0x{BitConverter.SingleToUInt32Bits(values[i]):X8}) stored as "
                    + $"0x{stored[i]:X4}, not 0x{expected[i]:X4}.");
        }
    }

    [Fact]
    public void Every_width_widens_each_lane_as_the_codec()
    {
        var random = new Random(23);
        var bits = Enumerable.Range(0, Length).Select(_ => (ushort)random.Next(0, 1 << 16)).ToArray();
        foreach (var (name, load) in Loads())
        {
            var loaded = new float[Length];
            load(bits, loaded);
            for (int i = 0; i < Length; i++)
                Assert.True((uint)bits[i] << 16 == BitConverter.SingleToUInt32Bits(loaded[i]),
                    $"{name}: element {i} (0x{bits[i]:X4}) loaded as "
                    + $"0x{BitConverter.SingleToUInt32Bits(loaded[i]):X8}.");
        }
    }

    [Fact]
    public void Native_storage_moves_elements_unchanged()
    {
        var values = CodecValues.Array(64, seed: 29);
        var copy = new float[64];
        for (nuint i = 0; i < 64; i += (nuint)Vector512<float>.Count)
            NativeStorage.Store512(NativeStorage.Load512(ref values[0], i), ref copy[0], i);
        Assert.Equal(values.Select(BitConverter.SingleToUInt32Bits), copy.Select(BitConverter.SingleToUInt32Bits));
    }

    // Each width over the whole array, one vector at a time (Length is a multiple of every width).
    private static IEnumerable<(string, Action<float[], ushort[]>)> Stores()
    {
        yield return ("scalar", (v, s) =>
        {
            for (nuint i = 0; i < Length; i++) BFloat16Storage.Store(v[i], ref Destination(s), i);
        }
        );
        yield return ("Vector128", (v, s) =>
        {
            for (nuint i = 0; i < Length; i += 4)
                BFloat16Storage.Store128(Vector128.LoadUnsafe(ref v[0], i), ref Destination(s), i);
        }
        );
        yield return ("Vector256", (v, s) =>
        {
            for (nuint i = 0; i < Length; i += 8)
                BFloat16Storage.Store256(Vector256.LoadUnsafe(ref v[0], i), ref Destination(s), i);
        }
        );
        yield return ("Vector512", (v, s) =>
        {
            for (nuint i = 0; i < Length; i += 16)
                BFloat16Storage.Store512(Vector512.LoadUnsafe(ref v[0], i), ref Destination(s), i);
        }
        );
        yield return ("Vector<T>", (v, s) =>
        {
            for (nuint i = 0; i < Length; i += (nuint)Vector<float>.Count)
                BFloat16Storage.StoreVector(Vector.LoadUnsafe(ref v[0], i), ref Destination(s), i);
        }
        );
    }

    private static IEnumerable<(string, Action<ushort[], float[]>)> Loads()
    {
        yield return ("scalar", (s, v) =>
        {
            for (nuint i = 0; i < Length; i++) v[i] = BFloat16Storage.Load(ref Destination(s), i);
        }
        );
        yield return ("Vector128", (s, v) =>
        {
            for (nuint i = 0; i < Length; i += 4) BFloat16Storage.Load128(ref Destination(s), i).StoreUnsafe(ref v[0], i);
        }
        );
        yield return ("Vector256", (s, v) =>
        {
            for (nuint i = 0; i < Length; i += 8) BFloat16Storage.Load256(ref Destination(s), i).StoreUnsafe(ref v[0], i);
        }
        );
        yield return ("Vector512", (s, v) =>
        {
            for (nuint i = 0; i < Length; i += 16)
                BFloat16Storage.Load512(ref Destination(s), i).StoreUnsafe(ref v[0], i);
        }
        );
        yield return ("Vector<T>", (s, v) =>
        {
            for (nuint i = 0; i < Length; i += (nuint)Vector<float>.Count)
                BFloat16Storage.LoadVector(ref Destination(s), i).StoreUnsafe(ref v[0], i);
        }
        );
    }

    // A bfloat16 array as the loops see it: a reference typed as float to its 16-bit elements.
    private static ref float Destination(ushort[] bits) =>
        ref System.Runtime.CompilerServices.Unsafe.As<ushort, float>(ref bits[0]);
}
