using SimdOpt.Benchmarks.Suite;
using SimdOpt.Kernels;
using SimdOpt.Precision;

namespace SimdOpt.Benchmarks.Precision;

/// <summary>One conversion of the low-precision codecs on one path, or the float32 copy that is its memory ceiling.
/// </summary>
public sealed class CodecCase : IBenchmarkSubject
{
    private readonly Func<int, Action> _create;

    private CodecCase(string operation, KernelPath path, int bytesPerElement, Func<int, Action> create,
        bool isCeiling = false)
    {
        Operation = operation;
        IsCeiling = isCeiling;
        Path = path;
        BytesPerElement = bytesPerElement;
        _create = create;
    }

    /// <summary>The conversion, e.g. <c>bf16-narrow</c>.</summary>
    public string Operation { get; }

    /// <summary>The code path.</summary>
    public KernelPath Path { get; }

    /// <inheritdoc/>
    public string Family => Operation;

    /// <summary>Bytes read plus written per element: 2 + 4 for the 16-bit conversions, 4 + 1 for the 8-bit ones
    /// (their scales, 4 bytes per 256 elements, are left out), 4 + 4 for the copy.</summary>
    public int BytesPerElement { get; }

    /// <summary>Whether this is the float32 copy, the memory ceiling: no conversion, no path of its own.</summary>
    public bool IsCeiling { get; }

    /// <inheritdoc/>
    /// <remarks>The copy is no conversion's scalar path: its "x scalar" column stays empty.</remarks>
    public bool IsScalarReference => !IsCeiling && Path == KernelPath.Scalar;

    /// <summary>Every conversion on scalar and on each accelerated explicit path, and the float32 copy.</summary>
    public static IEnumerable<CodecCase> All()
    {
        yield return new CodecCase("f32-copy", KernelPath.Scalar, 8, n =>
        {
            float[] source = Filled(n), destination = new float[n];
            return () => source.AsSpan().CopyTo(destination);
        }, isCeiling: true);
        foreach (var path in KernelPaths.Available.Where(p => p is not (KernelPath.Auto or KernelPath.VectorT)))
        {
            yield return new CodecCase("bf16-widen", path, 6, n =>
            {
                var source = new BFloat16[n];
                BFloat16Codec.Narrow(Filled(n), source);
                var destination = new float[n];
                return () => BFloat16Codec.Widen(source, destination, path);
            });
            yield return new CodecCase("bf16-narrow", path, 6, n =>
            {
                var (source, destination) = (Filled(n), new BFloat16[n]);
                return () => BFloat16Codec.Narrow(source, destination, path);
            });
            yield return new CodecCase("bf16-stochastic", path, 6, n =>
            {
                var (source, destination) = (Filled(n), new BFloat16[n]);
                long step = 0;
                return () => BFloat16Codec.NarrowStochastic(source, destination, 42, ++step, 0, path);
            });
            yield return new CodecCase("f16-widen", path, 6, n =>
            {
                var source = new Half[n];
                HalfCodec.Narrow(Filled(n), source);
                var destination = new float[n];
                return () => HalfCodec.Widen(source, destination, path);
            });
            yield return new CodecCase("f16-narrow", path, 6, n =>
            {
                var (source, destination) = (Filled(n), new Half[n]);
                return () => HalfCodec.Narrow(source, destination, path);
            });
            yield return new CodecCase("q8-quantize", path, 5, n =>
            {
                var (source, codes, scales) = (Filled(n), new byte[n], new float[Quantized8Codec.ScaleCount(n)]);
                return () => Quantized8Codec.Quantize(source, codes, scales, Quantized8Code.SignedDynamic, path);
            });
            yield return new CodecCase("q8-dequantize", path, 5, n =>
            {
                var (codes, scales) = (new byte[n], new float[Quantized8Codec.ScaleCount(n)]);
                Quantized8Codec.Quantize(Filled(n), codes, scales, Quantized8Code.SignedDynamic);
                var destination = new float[n];
                return () => Quantized8Codec.Dequantize(codes, scales, destination, Quantized8Code.SignedDynamic,
                    path);
            });
        }
    }

    /// <summary>Allocates the arrays of <paramref name="length"/> elements and returns one conversion over them.
    /// </summary>
    /// <param name="length">The number of elements.</param>
    public Action Create(int length) => _create(length);

    /// <inheritdoc/>
    public override string ToString() => IsCeiling ? Operation : Operation + " " + Path;

    // Values like optimizer state: signed, over several decades.
    private static float[] Filled(int length)
    {
        var random = new Random(42);
        var values = new float[length];
        for (int i = 0; i < length; i++)
            values[i] = (random.Next(2) == 0 ? 1 : -1) * MathF.Pow(10, -6 + 6 * random.NextSingle());
        return values;
    }
}
