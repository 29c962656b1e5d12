using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The loops of <see cref="BFloat16Codec"/> on bit patterns: whole vectors of the path's width doing
/// <see cref="BFloat16Bits"/>' operations on every lane, then <see cref="BFloat16Bits"/> itself for the tail.</summary>
internal static class BFloat16Kernels
{
    public static void Widen(ReadOnlySpan<ushort> source, Span<uint> destination, KernelPath path)
    {
        ref ushort s = ref MemoryMarshal.GetReference(source);
        ref uint d = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)source.Length;
        nuint i = path switch
        {
            KernelPath.Vector512 => Widen<Lanes512>(ref s, ref d, n),
            KernelPath.Vector256 => Widen<Lanes256>(ref s, ref d, n),
            KernelPath.Vector128 => Widen<Lanes128>(ref s, ref d, n),
            _ => 0,
        };
        for (; i < n; i++) Unsafe.Add(ref d, i) = (uint)Unsafe.Add(ref s, i) << 16;
    }

    public static void Narrow(ReadOnlySpan<uint> source, Span<ushort> destination, KernelPath path)
    {
        ref uint s = ref MemoryMarshal.GetReference(source);
        ref ushort d = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)source.Length;
        nuint i = path switch
        {
            KernelPath.Vector512 => Narrow<Lanes512>(ref s, ref d, n),
            KernelPath.Vector256 => Narrow<Lanes256>(ref s, ref d, n),
            KernelPath.Vector128 => Narrow<Lanes128>(ref s, ref d, n),
            _ => 0,
        };
        for (; i < n; i++) Unsafe.Add(ref d, i) = BFloat16Bits.Narrow(Unsafe.Add(ref s, i));
    }

    public static void NarrowStochastic(ReadOnlySpan<uint> source, Span<ushort> destination, ulong key,
        long firstIndex, KernelPath path)
    {
        ref uint s = ref MemoryMarshal.GetReference(source);
        ref ushort d = ref MemoryMarshal.GetReference(destination);
        nuint n = (nuint)source.Length;
        nuint i = path switch
        {
            KernelPath.Vector512 => NarrowStochastic<Lanes512>(ref s, ref d, n, key, firstIndex),
            KernelPath.Vector256 => NarrowStochastic<Lanes256>(ref s, ref d, n, key, firstIndex),
            KernelPath.Vector128 => NarrowStochastic<Lanes128>(ref s, ref d, n, key, firstIndex),
            _ => 0,
        };
        for (; i < n; i++)
            Unsafe.Add(ref d, i) = BFloat16Bits.NarrowStochastic(Unsafe.Add(ref s, i),
                CounterRandom.Bits16(key, firstIndex + (long)i));
    }

    private static nuint Widen<TLanes>(ref ushort s, ref uint d, nuint n) where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0, count = (nuint)TLanes.Count;
        for (; i + count <= n; i += count) (TLanes.LoadWidened(ref s, i) << 16).Store(ref d, i);
        return i;
    }

    private static nuint Narrow<TLanes>(ref uint s, ref ushort d, nuint n) where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0, count = (nuint)TLanes.Count;
        for (; i + count <= n; i += count)
        {
            var x = TLanes.Load(ref s, i);
            var rounded = (x + TLanes.Create(0x7FFF) + ((x >>> 16) & TLanes.Create(1))) >>> 16;
            KeepNaN(x, rounded).StoreNarrowed(ref d, i);
        }
        return i;
    }

    private static nuint NarrowStochastic<TLanes>(ref uint s, ref ushort d, nuint n, ulong key, long firstIndex)
        where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0, count = (nuint)TLanes.Count;
        for (; i + count <= n; i += count)
        {
            var x = TLanes.Load(ref s, i);
            var rounded = (x + TLanes.Random16(key, firstIndex + (long)i)) >>> 16;
            KeepNaN(x, rounded).StoreNarrowed(ref d, i);
        }
        return i;
    }

    /// <summary><paramref name="rounded"/>, but where <paramref name="x"/> is NaN its truncation, quieted (as
    /// <see cref="BFloat16Bits.Narrow"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes KeepNaN<TLanes>(TLanes x, TLanes rounded) where TLanes : struct, ILanes<TLanes>
    {
        var nan = TLanes.GreaterThan(x & TLanes.Create(0x7FFF_FFFFu), TLanes.Create(0x7F80_0000u));
        return TLanes.Select(nan, (x >>> 16) | TLanes.Create(BFloat16Bits.QuietBit), rounded);
    }
}
