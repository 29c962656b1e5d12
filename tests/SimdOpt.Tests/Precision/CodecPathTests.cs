using System.Runtime.CompilerServices;
using SimdOpt.Kernels;
using SimdOpt.Precision;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Precision;

/// <summary>
/// Every codec gives the scalar path's results on every path, for slices of every length at odd offsets, and writes
/// nothing outside its destination slice. Results are compared by the rule between paths: the same bits, or NaN in
/// both (a NaN's payload is never asserted across paths).
/// </summary>
public sealed class CodecPathTests
{
    [Fact]
    public void BFloat16_widen_is_the_same_on_every_path() =>
        Property.ForAll(CodecCase.Gen, c =>
        {
            var source = c.Random<BFloat16>(1);
            var before = c.Floats();
            var expected = Run(before, d => BFloat16Codec.Widen(Slice(source, c), Slice(d, c), KernelPath.Scalar));
            foreach (var path in CodecPaths.Vector)
            {
                var actual = Run(before, d => BFloat16Codec.Widen(Slice(source, c), Slice(d, c), path));
                c.AssertSlice(before, expected, actual, CodecCase.SameFloat, "widened on " + path);
            }
        });

    [Fact]
    public void BFloat16_narrow_is_the_same_on_every_path() =>
        CheckNarrow<BFloat16>((s, d, p) => BFloat16Codec.Narrow(s, d, p), SameBFloat16);

    [Fact]
    public void BFloat16_stochastic_narrow_is_the_same_on_every_path() =>
        CheckNarrow<BFloat16>((s, d, p) => BFloat16Codec.NarrowStochastic(s, d, 0x5EED, 7, 1000, p), SameBFloat16);

    [Fact]
    public void Half_widen_is_the_same_on_every_path() =>
        Property.ForAll(CodecCase.Gen, c =>
        {
            var source = c.Random<Half>(2);
            var before = c.Floats();
            var expected = Run(before, d => HalfCodec.Widen(Slice(source, c), Slice(d, c), KernelPath.Scalar));
            foreach (var path in CodecPaths.Vector)
            {
                var actual = Run(before, d => HalfCodec.Widen(Slice(source, c), Slice(d, c), path));
                c.AssertSlice(before, expected, actual, CodecCase.SameFloat, "widened on " + path);
            }
        });

    [Fact]
    public void Half_narrow_is_the_same_on_every_path() =>
        CheckNarrow<Half>((s, d, p) => HalfCodec.Narrow(s, d, p),
            (a, b) => a.Equals(b) && BitConverter.HalfToUInt16Bits(a) == BitConverter.HalfToUInt16Bits(b)
                || (Half.IsNaN(a) && Half.IsNaN(b)));

    [Theory]
    [InlineData(Quantized8Code.SignedDynamic)]
    [InlineData(Quantized8Code.UnsignedDynamic)]
    public void Quantize_and_dequantize_are_the_same_on_every_path(Quantized8Code code) =>
        Property.ForAll(CodecCase.Gen, c =>
        {
            var source = Quantized8Tests.BlockValues(c.Stride, c.Seed, code);
            int scaleCount = Quantized8Codec.ScaleCount(c.Length);
            var codesBefore = c.Random<byte>(3);
            var scalesBefore = new float[scaleCount + 2];
            Array.Fill(scalesBefore, -7f);
            var (codes, scales) = Quantize(KernelPath.Scalar);
            var decodedBefore = c.Floats();
            var decoded = Dequantize(codes, scales, KernelPath.Scalar);
            foreach (var path in CodecPaths.Vector)
            {
                var (pathCodes, pathScales) = Quantize(path);
                c.AssertSlice(codesBefore, codes, pathCodes, (a, b) => a == b, "codes on " + path);
                Bits.Equal<float>(scales, pathScales, "scales on " + path + " (index from one before the first)");
                c.AssertSlice(decodedBefore, decoded, Dequantize(codes, scales, path), CodecCase.SameFloat,
                    "dequantized on " + path);
            }

            (byte[] Codes, float[] Scales) Quantize(KernelPath path)
            {
                var codes = (byte[])codesBefore.Clone();
                var scales = (float[])scalesBefore.Clone();
                Quantized8Codec.Quantize(Slice(source, c), Slice(codes, c), scales.AsSpan(1, scaleCount), code, path);
                return (codes, scales);
            }

            float[] Dequantize(byte[] codes, float[] scales, KernelPath path) =>
                Run(decodedBefore, d => Quantized8Codec.Dequantize(Slice(codes, c), scales.AsSpan(1, scaleCount),
                    Slice(d, c), code, path));
        });

    private static void CheckNarrow<T>(NarrowAction<T> narrow, Func<T, T, bool> same,
        [CallerMemberName] string caller = "") where T : unmanaged =>
        Property.ForAll(CodecCase.Gen, c =>
        {
            var source = c.Floats();
            var before = c.Random<T>(4);
            var expected = Run(before, d => narrow(Slice(source, c), Slice(d, c), KernelPath.Scalar));
            foreach (var path in CodecPaths.Vector)
            {
                var actual = Run(before, d => narrow(Slice(source, c), Slice(d, c), path));
                c.AssertSlice(before, expected, actual, same, "narrowed on " + path);
            }
        }, caller: caller);

    private delegate void NarrowAction<T>(ReadOnlySpan<float> source, Span<T> destination, KernelPath path);

    private static bool SameBFloat16(BFloat16 a, BFloat16 b) => a.ToBits() == b.ToBits() || (a.IsNaN && b.IsNaN);

    private static T[] Run<T>(T[] before, Action<T[]> write)
    {
        var destination = (T[])before.Clone();
        write(destination);
        return destination;
    }

    private static Span<T> Slice<T>(T[] array, CodecCase c) => array.AsSpan(c.Offset, c.Length);
}
