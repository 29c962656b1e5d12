using SimdOpt.Kernels;

namespace SimdOpt.Precision;

/// <summary>
/// 8-bit blockwise quantization in the manner of bitsandbytes: blocks of <see cref="BlockSize"/> elements (the last
/// may be shorter), each with one float32 scale, the largest finite magnitude in the block, and one byte per element
/// in a <see cref="Quantized8Code"/> of the element divided by that scale. Quantizing divides (exactly rounded, IEEE)
/// and rounds the quotient's bits to nearest even; dequantizing multiplies the code's value by the scale: every path
/// gives the same bits. The block's largest element comes back exactly.
/// </summary>
/// <remarks>
/// The NaN rule: an infinity or a NaN is stored as itself (its own code) and left out of the scale, so a non-finite
/// element never turns the rest of its block into zeros or NaN; it comes back as the same infinity, or as NaN. A
/// block of zeros and non-finite values only has scale 0.
/// </remarks>
public static class Quantized8Codec
{
    /// <summary>The number of elements that share one scale.</summary>
    public const int BlockSize = 256;

    /// <summary>The number of scales of a buffer of <paramref name="length"/> elements: ceil(length / 256).</summary>
    /// <param name="length">The number of elements.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public static int ScaleCount(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return (int)(((long)length + BlockSize - 1) / BlockSize);
    }

    /// <summary>Quantizes <paramref name="source"/>: writes each block's scale and each element's code.</summary>
    /// <param name="source">The float values.</param>
    /// <param name="codes">Receives one code per element; the same length as <paramref name="source"/>.</param>
    /// <param name="scales">Receives one scale per block; <see cref="ScaleCount"/> of the length.</param>
    /// <param name="code">The code: <see cref="Quantized8Code.SignedDynamic"/> for signed data,
    /// <see cref="Quantized8Code.UnsignedDynamic"/> for non-negative data.</param>
    /// <param name="path">The code path.</param>
    /// <exception cref="ArgumentException">A length is wrong, or two spans overlap.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> or <paramref name="path"/> is not
    /// defined.</exception>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> codes, Span<float> scales,
        Quantized8Code code, KernelPath path = KernelPath.Auto)
    {
        CodecArguments.SameLength(codes.Length, source.Length, nameof(codes));
        CheckScales(scales.Length, source.Length);
        CodecArguments.Disjoint(source, codes, nameof(codes), nameof(source));
        CodecArguments.Disjoint(source, scales, nameof(scales), nameof(source));
        CodecArguments.Disjoint((ReadOnlySpan<byte>)codes, scales, nameof(scales), nameof(codes));
        CheckCode(code);
        Quantized8Kernels.Quantize(source, codes, scales, code, CodecArguments.Path(path));
    }

    /// <summary>Dequantizes <paramref name="codes"/> with their blocks' <paramref name="scales"/>.</summary>
    /// <param name="codes">One code per element.</param>
    /// <param name="scales">One scale per block; <see cref="ScaleCount"/> of the length.</param>
    /// <param name="destination">Receives the float values; the same length as <paramref name="codes"/>.</param>
    /// <param name="code">The code the values were quantized with.</param>
    /// <param name="path">The code path.</param>
    /// <exception cref="ArgumentException">A length is wrong, or two spans overlap.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="code"/> or <paramref name="path"/> is not
    /// defined.</exception>
    public static void Dequantize(ReadOnlySpan<byte> codes, ReadOnlySpan<float> scales, Span<float> destination,
        Quantized8Code code, KernelPath path = KernelPath.Auto)
    {
        CodecArguments.SameLength(destination.Length, codes.Length, nameof(destination), nameof(codes));
        CheckScales(scales.Length, codes.Length);
        CodecArguments.Disjoint(codes, destination, nameof(destination), nameof(codes));
        CodecArguments.Disjoint(scales, destination, nameof(destination), nameof(scales));
        CheckCode(code);
        Quantized8Kernels.Dequantize(codes, scales, destination, code, CodecArguments.Path(path));
    }

    private static void CheckScales(int scales, int length)
    {
        int expected = ScaleCount(length);
        if (scales != expected)
            throw new ArgumentException(
                $"scales has {scales} elements, but {length} elements need {expected} (one per {BlockSize}).",
                nameof(scales));
    }

    private static void CheckCode(Quantized8Code code)
    {
        if (code is not (Quantized8Code.SignedDynamic or Quantized8Code.UnsignedDynamic))
            throw new ArgumentOutOfRangeException(nameof(code), code, "Unknown 8-bit code.");
    }
}
