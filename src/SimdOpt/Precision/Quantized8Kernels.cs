using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The loops of <see cref="Quantized8Codec"/>, block by block: whole vectors of the path's width, then the
/// code's scalar reference for the tail of a short last block.</summary>
internal static class Quantized8Kernels
{
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> codes, Span<float> scales,
        Quantized8Code code, KernelPath path)
    {
        var bits = MemoryMarshal.Cast<float, uint>(source);
        if (code == Quantized8Code.SignedDynamic) Quantize<SignedDynamicCode>(bits, codes, scales, path);
        else Quantize<UnsignedDynamicCode>(bits, codes, scales, path);
    }

    public static void Dequantize(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales, Span<float> destination,
        Quantized8Code code, KernelPath path)
    {
        var bits = MemoryMarshal.Cast<float, uint>(destination);
        if (code == Quantized8Code.SignedDynamic) Dequantize<SignedDynamicCode>(codes, scales, bits, path);
        else Dequantize<UnsignedDynamicCode>(codes, scales, bits, path);
    }

    private static void Quantize<TCode>(ReadOnlySpan<uint> source, Span<byte> codes, Span<float> scales,
        KernelPath path)
        where TCode : IQuantized8Code
    {
        ref uint s = ref MemoryMarshal.GetReference(source);
        ref byte c = ref MemoryMarshal.GetReference(codes);
        for (int block = 0, start = 0; start < source.Length; block++, start += Quantized8Codec.BlockSize)
        {
            ref uint x = ref Unsafe.Add(ref s, start);
            ref byte code = ref Unsafe.Add(ref c, start);
            nuint n = (nuint)Math.Min(Quantized8Codec.BlockSize, source.Length - start);
            nuint done;
            uint max = path switch
            {
                KernelPath.Vector512 => MaxFinite<Lanes512>(ref x, n, out done),
                KernelPath.Vector256 => MaxFinite<Lanes256>(ref x, n, out done),
                KernelPath.Vector128 => MaxFinite<Lanes128>(ref x, n, out done),
                _ => Zero(out done),
            };
            for (nuint i = done; i < n; i++)
                max = Math.Max(max, Quantized8Bits.FiniteMagnitude(Unsafe.Add(ref x, i)));
            float scale = BitConverter.UInt32BitsToSingle(max);
            scales[block] = scale;
            float divisor = Quantized8Bits.Divisor(scale);
            done = path switch
            {
                KernelPath.Vector512 => Encode<TCode, Lanes512>(ref x, ref code, n, divisor),
                KernelPath.Vector256 => Encode<TCode, Lanes256>(ref x, ref code, n, divisor),
                KernelPath.Vector128 => Encode<TCode, Lanes128>(ref x, ref code, n, divisor),
                _ => 0,
            };
            for (nuint i = done; i < n; i++) Unsafe.Add(ref code, i) = TCode.Encode(Unsafe.Add(ref x, i), divisor);
        }
    }

    private static void Dequantize<TCode>(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales,
        Span<uint> destination, KernelPath path)
        where TCode : IQuantized8Code
    {
        ref byte c = ref MemoryMarshal.GetReference(codes);
        ref uint d = ref MemoryMarshal.GetReference(destination);
        for (int block = 0, start = 0; start < codes.Length; block++, start += Quantized8Codec.BlockSize)
        {
            ref byte code = ref Unsafe.Add(ref c, start);
            ref uint x = ref Unsafe.Add(ref d, start);
            nuint n = (nuint)Math.Min(Quantized8Codec.BlockSize, codes.Length - start);
            float scale = scales[block];
            nuint done = path switch
            {
                KernelPath.Vector512 => Decode<TCode, Lanes512>(ref code, ref x, n, scale),
                KernelPath.Vector256 => Decode<TCode, Lanes256>(ref code, ref x, n, scale),
                KernelPath.Vector128 => Decode<TCode, Lanes128>(ref code, ref x, n, scale),
                _ => 0,
            };
            for (nuint i = done; i < n; i++) Unsafe.Add(ref x, i) = TCode.Decode(Unsafe.Add(ref code, i), scale);
        }
    }

    private static uint Zero(out nuint done)
    {
        done = 0;
        return 0;
    }

    private static uint MaxFinite<TLanes>(ref uint x, nuint n, out nuint done) where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0, count = (nuint)TLanes.Count;
        var max = TLanes.Create(0);
        for (; i + count <= n; i += count)
            max = TLanes.Max(max, Quantized8Bits.FiniteMagnitude(TLanes.Load(ref x, i)));
        done = i;
        return max.MaxAcross();
    }

    private static nuint Encode<TCode, TLanes>(ref uint x, ref byte code, nuint n, float divisor)
        where TCode : IQuantized8Code
        where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0, count = (nuint)TLanes.Count;
        for (; i + count <= n; i += count) TCode.Encode(TLanes.Load(ref x, i), divisor).StoreNarrowed(ref code, i);
        return i;
    }

    private static nuint Decode<TCode, TLanes>(ref byte code, ref uint x, nuint n, float scale)
        where TCode : IQuantized8Code
        where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0, count = (nuint)TLanes.Count;
        for (; i + count <= n; i += count) TCode.Decode(TLanes.LoadWidened(ref code, i), scale).Store(ref x, i);
        return i;
    }
}
