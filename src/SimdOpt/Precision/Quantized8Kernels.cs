using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The loops of <see cref="Quantized8Codec"/>, block by block: the block's scale (a vector maximum of the
/// finite magnitudes), then the code's conversion of every element, as <see cref="ElementLoop"/> runs it.</summary>
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

    // The width is chosen once per call; the blocks (256 elements, 16 vectors of Vector512) are looped on it.
    private static void Quantize<TCode>(ReadOnlySpan<uint> source, Span<byte> codes, Span<float> scales,
        KernelPath path)
        where TCode : IQuantized8Code
    {
        switch (path)
        {
            case KernelPath.Vector512: Quantize<TCode, Lanes512>(source, codes, scales, true); break;
            case KernelPath.Vector256: Quantize<TCode, Lanes256>(source, codes, scales, true); break;
            case KernelPath.Vector128: Quantize<TCode, Lanes128>(source, codes, scales, true); break;
            default: Quantize<TCode, Lanes128>(source, codes, scales, false); break;
        }
    }

    private static void Dequantize<TCode>(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales,
        Span<uint> destination, KernelPath path)
        where TCode : IQuantized8Code
    {
        switch (path)
        {
            case KernelPath.Vector512: Dequantize<TCode, Lanes512>(codes, scales, destination, true); break;
            case KernelPath.Vector256: Dequantize<TCode, Lanes256>(codes, scales, destination, true); break;
            case KernelPath.Vector128: Dequantize<TCode, Lanes128>(codes, scales, destination, true); break;
            default: Dequantize<TCode, Lanes128>(codes, scales, destination, false); break;
        }
    }

    private static void Quantize<TCode, TLanes>(ReadOnlySpan<uint> source, Span<byte> codes, Span<float> scales,
        bool vectors)
        where TCode : IQuantized8Code
        where TLanes : struct, ILanes<TLanes>
    {
        ref uint x = ref MemoryMarshal.GetReference(source);
        ref byte c = ref MemoryMarshal.GetReference(codes);
        // Every block's scale first, then every block's codes: a block's codes wait for its maximum (a chain of lane
        // maxima, then a tree across the lanes), and computed block after block that wait is not overlapped with
        // anything; the maxima of different blocks are independent, so the core runs them side by side.
        for (int block = 0, start = 0; start < source.Length; block++, start += Quantized8Codec.BlockSize)
        {
            nuint n = (nuint)Math.Min(Quantized8Codec.BlockSize, source.Length - start);
            scales[block] = BitConverter.UInt32BitsToSingle(
                MaxFiniteMagnitude<TLanes>(ref Unsafe.Add(ref x, start), n, vectors));
        }
        for (int block = 0, start = 0; start < source.Length; block++, start += Quantized8Codec.BlockSize)
        {
            nuint n = (nuint)Math.Min(Quantized8Codec.BlockSize, source.Length - start);
            ElementLoop.Run<uint, byte, EncodeConversion<TCode>, TLanes>(ref Unsafe.Add(ref x, start),
                ref Unsafe.Add(ref c, start), n, new EncodeConversion<TCode>(Quantized8Bits.Divisor(scales[block])),
                vectors);
        }
    }

    private static void Dequantize<TCode, TLanes>(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales,
        Span<uint> destination, bool vectors)
        where TCode : IQuantized8Code
        where TLanes : struct, ILanes<TLanes>
    {
        ref byte c = ref MemoryMarshal.GetReference(codes);
        ref uint d = ref MemoryMarshal.GetReference(destination);
        for (int block = 0, start = 0; start < codes.Length; block++, start += Quantized8Codec.BlockSize)
        {
            nuint n = (nuint)Math.Min(Quantized8Codec.BlockSize, codes.Length - start);
            ElementLoop.Run<byte, uint, DecodeConversion<TCode>, TLanes>(ref Unsafe.Add(ref c, start),
                ref Unsafe.Add(ref d, start), n, new DecodeConversion<TCode>(scales[block]), vectors);
        }
    }

    /// <summary>The largest finite magnitude's bits: an unsigned integer maximum, which orders non-negative floats
    /// as their values do, so its order of evaluation cannot change the result.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint MaxFiniteMagnitude<TLanes>(ref uint x, nuint n, bool vectors)
        where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0;
        uint max = 0;
        if (vectors && n >= (nuint)TLanes.Count)
        {
            var lanes = TLanes.Create(0);
            for (nuint count = (nuint)TLanes.Count; i + count <= n; i += count)
                lanes = TLanes.Max(lanes, Quantized8Bits.FiniteMagnitude(TLanes.Load(ref x, i)));
            max = lanes.MaxAcross();
        }
        for (; i < n; i++) max = Math.Max(max, Quantized8Bits.FiniteMagnitude(Unsafe.Add(ref x, i)));
        return max;
    }

    private readonly struct EncodeConversion<TCode>(float divisor) : IConversion<uint, byte>
        where TCode : IQuantized8Code
    {
        public byte Scalar(uint value, nuint index) => TCode.Encode(value, divisor);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TLanes>(ref uint source, ref byte destination, nuint index)
            where TLanes : struct, ILanes<TLanes> =>
            TCode.Encode(TLanes.Load(ref source, index), divisor).StoreNarrowed(ref destination, index);
    }

    private readonly struct DecodeConversion<TCode>(float scale) : IConversion<byte, uint>
        where TCode : IQuantized8Code
    {
        public uint Scalar(byte value, nuint index) => TCode.Decode(value, scale);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Vector<TLanes>(ref byte source, ref uint destination, nuint index)
            where TLanes : struct, ILanes<TLanes> =>
            TCode.Decode(TLanes.LoadWidened(ref source, index), scale).Store(ref destination, index);
    }
}
