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

    private static void Quantize<TCode>(ReadOnlySpan<uint> source, Span<byte> codes, Span<float> scales,
        KernelPath path)
        where TCode : IQuantized8Code
    {
        for (int block = 0, start = 0; start < source.Length; block++, start += Quantized8Codec.BlockSize)
        {
            var x = source.Slice(start, Math.Min(Quantized8Codec.BlockSize, source.Length - start));
            float scale = BitConverter.UInt32BitsToSingle(MaxFiniteMagnitude(x, path));
            scales[block] = scale;
            ElementLoop.Run(x, codes.Slice(start, x.Length),
                new EncodeConversion<TCode>(Quantized8Bits.Divisor(scale)), path);
        }
    }

    private static void Dequantize<TCode>(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales,
        Span<uint> destination, KernelPath path)
        where TCode : IQuantized8Code
    {
        for (int block = 0, start = 0; start < codes.Length; block++, start += Quantized8Codec.BlockSize)
        {
            var c = codes.Slice(start, Math.Min(Quantized8Codec.BlockSize, codes.Length - start));
            ElementLoop.Run(c, destination.Slice(start, c.Length), new DecodeConversion<TCode>(scales[block]), path);
        }
    }

    /// <summary>The largest finite magnitude's bits: an unsigned integer maximum, which orders non-negative floats
    /// as their values do, so its order of evaluation cannot change the result.</summary>
    private static uint MaxFiniteMagnitude(ReadOnlySpan<uint> x, KernelPath path)
    {
        ref uint r = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length, i = 0;
        uint max = 0;
        switch (path)
        {
            case KernelPath.Vector512: max = VectorMax<Lanes512>(ref r, n, out i); break;
            case KernelPath.Vector256: max = VectorMax<Lanes256>(ref r, n, out i); break;
            case KernelPath.Vector128: max = VectorMax<Lanes128>(ref r, n, out i); break;
        }
        for (; i < n; i++) max = Math.Max(max, Quantized8Bits.FiniteMagnitude(Unsafe.Add(ref r, i)));
        return max;
    }

    private static uint VectorMax<TLanes>(ref uint x, nuint n, out nuint done) where TLanes : struct, ILanes<TLanes>
    {
        nuint i = 0, count = (nuint)TLanes.Count;
        var max = TLanes.Create(0);
        for (; i + count <= n; i += count)
            max = TLanes.Max(max, Quantized8Bits.FiniteMagnitude(TLanes.Load(ref x, i)));
        done = i;
        return max.MaxAcross();
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
