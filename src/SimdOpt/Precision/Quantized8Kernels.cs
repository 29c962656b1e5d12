using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>The loops of <see cref="Quantized8Codec"/>, block by block, one per path.</summary>
internal static class Quantized8Kernels
{
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> codes, Span<float> scales,
        Quantized8Code code, KernelPath path)
    {
        var bits = MemoryMarshal.Cast<float, uint>(source);
        for (int block = 0, start = 0; start < bits.Length; block++, start += Quantized8Codec.BlockSize)
        {
            var x = bits.Slice(start, Math.Min(Quantized8Codec.BlockSize, bits.Length - start));
            uint max = 0;
            foreach (uint b in x) max = Math.Max(max, Quantized8Bits.FiniteMagnitude(b));
            float scale = BitConverter.UInt32BitsToSingle(max);
            scales[block] = scale;
            float divisor = Quantized8Bits.Divisor(scale);
            var c = codes.Slice(start, x.Length);
            if (code == Quantized8Code.SignedDynamic)
                for (int i = 0; i < x.Length; i++) c[i] = Quantized8Bits.EncodeSigned(x[i], divisor);
            else
                for (int i = 0; i < x.Length; i++) c[i] = Quantized8Bits.EncodeUnsigned(x[i], divisor);
        }
    }

    public static void Dequantize(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales, Span<float> destination,
        Quantized8Code code, KernelPath path)
    {
        var bits = MemoryMarshal.Cast<float, uint>(destination);
        for (int block = 0, start = 0; start < bits.Length; block++, start += Quantized8Codec.BlockSize)
        {
            var c = codes.Slice(start, Math.Min(Quantized8Codec.BlockSize, codes.Length - start));
            var x = bits.Slice(start, c.Length);
            float scale = scales[block];
            if (code == Quantized8Code.SignedDynamic)
                for (int i = 0; i < c.Length; i++) x[i] = Quantized8Bits.DecodeSigned(c[i], scale);
            else
                for (int i = 0; i < c.Length; i++) x[i] = Quantized8Bits.DecodeUnsigned(c[i], scale);
        }
    }
}
