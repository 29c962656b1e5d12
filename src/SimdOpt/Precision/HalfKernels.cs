using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The loops of <see cref="HalfCodec"/> on bit patterns: whole vectors of the path's width doing
/// <see cref="HalfBits"/>' operations on every lane, then <see cref="HalfBits"/> itself for the tail.</summary>
internal static class HalfKernels
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
        for (; i < n; i++) Unsafe.Add(ref d, i) = HalfBits.Widen(Unsafe.Add(ref s, i));
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
        for (; i < n; i++) Unsafe.Add(ref d, i) = HalfBits.Narrow(Unsafe.Add(ref s, i));
    }

    private static nuint Widen<TLanes>(ref ushort s, ref uint d, nuint n) where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0, count = (nuint)TLanes.Count;
        for (; i + count <= n; i += count)
        {
            var h = TLanes.LoadWidened(ref s, i);
            var sign = (h & TLanes.Create(0x8000)) << 16;
            var magnitude = h & TLanes.Create(0x7FFF);
            var finite = MiniFloat.Decode(magnitude, HalfBits.MantissaBits, HalfBits.Bias);
            var quiet = TLanes.GreaterThan(magnitude, TLanes.Create(HalfBits.Infinity)) & TLanes.Create(0x0040_0000);
            var special = TLanes.Create(0x7F80_0000u) | (magnitude << 13) | quiet;
            var isSpecial = TLanes.GreaterThan(magnitude, TLanes.Create(HalfBits.Infinity - 1));
            (sign | TLanes.Select(isSpecial, special, finite)).Store(ref d, i);
        }
        return i;
    }

    private static nuint Narrow<TLanes>(ref uint s, ref ushort d, nuint n) where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0, count = (nuint)TLanes.Count;
        for (; i + count <= n; i += count)
        {
            var x = TLanes.Load(ref s, i);
            var sign = (x >>> 16) & TLanes.Create(0x8000);
            var magnitude = x & TLanes.Create(0x7FFF_FFFFu);
            var nan = TLanes.Create(0x7E00) | ((magnitude >>> 13) & TLanes.Create(0x3FF));
            var number = TLanes.Min(MiniFloat.Encode(magnitude, HalfBits.MantissaBits, HalfBits.Bias),
                TLanes.Create(HalfBits.Infinity));
            var isNaN = TLanes.GreaterThan(magnitude, TLanes.Create(0x7F80_0000u));
            (sign | TLanes.Select(isNaN, nan, number)).StoreNarrowed(ref d, i);
        }
        return i;
    }
}
