using System.Globalization;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;
using SimdOpt.Precision;

namespace SimdOpt.Training;

/// <summary>
/// One buffer in one storage: float32, bfloat16 or float16 elements, or 8-bit codes with one float32 scale per block
/// of <see cref="Quantized8Codec.BlockSize"/> elements. The staged step widens a block of it into float32 scratch and
/// narrows the block back; every conversion is the codec's, so every kernel path gives the same bits.
/// </summary>
internal readonly struct StoredMemory
{
    private readonly Memory<float> _float32;
    private readonly Memory<BFloat16> _bfloat16;
    private readonly Memory<Half> _float16;
    private readonly Memory<byte> _codes;
    private readonly Memory<float> _scales;
    private readonly Quantized8Code _code;

    private StoredMemory(StorageKind kind, int length, Memory<float> float32 = default,
        Memory<BFloat16> bfloat16 = default, Memory<Half> float16 = default, Memory<byte> codes = default,
        Memory<float> scales = default, Quantized8Code code = default)
    {
        Kind = kind;
        Length = length;
        _float32 = float32;
        _bfloat16 = bfloat16;
        _float16 = float16;
        _codes = codes;
        _scales = scales;
        _code = code;
    }

    /// <summary>How the elements are stored.</summary>
    public StorageKind Kind { get; }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The bytes one element takes, its share of a block scale included.</summary>
    public double BytesPerElement => Kind switch
    {
        StorageKind.Float32 => 4,
        StorageKind.BFloat16 or StorageKind.Float16 => 2,
        _ => 1 + 4.0 / Quantized8Codec.BlockSize,
    };

    /// <summary>The bytes the buffer takes.</summary>
    public long Bytes => Kind == StorageKind.Quantized8
        ? Length + 4L * Quantized8Codec.ScaleCount(Length)
        : (long)(BytesPerElement * Length);

    /// <summary>The caller's float32 elements.</summary>
    public static StoredMemory Of(Memory<float> values) => new(StorageKind.Float32, values.Length, float32: values);

    /// <summary>The caller's bfloat16 elements.</summary>
    public static StoredMemory Of(Memory<BFloat16> values) =>
        new(StorageKind.BFloat16, values.Length, bfloat16: values);

    /// <summary>The caller's float16 elements.</summary>
    public static StoredMemory Of(Memory<Half> values) => new(StorageKind.Float16, values.Length, float16: values);

    /// <summary>A new buffer of <paramref name="length"/> zeros in <paramref name="kind"/>, aligned and staggered as
    /// <see cref="AlignedMemory"/> allocates (the scales of 8-bit storage, a 256th of its bytes, are not).</summary>
    /// <param name="kind">The storage.</param>
    /// <param name="length">The number of elements.</param>
    /// <param name="code">The 8-bit code, for <see cref="StorageKind.Quantized8"/>.</param>
    public static StoredMemory Allocate(StorageKind kind, int length, Quantized8Code code) => kind switch
    {
        StorageKind.Float32 => Of(AlignedMemory.Allocate<float>(length)),
        StorageKind.BFloat16 => Of(AlignedMemory.Allocate<BFloat16>(length)),
        StorageKind.Float16 => Of(AlignedMemory.Allocate<Half>(length)),
        StorageKind.Quantized8 => new StoredMemory(kind, length, codes: AlignedMemory.Allocate<byte>(length),
            scales: new float[Quantized8Codec.ScaleCount(length)], code: code),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown storage."),
    };

    /// <summary>The float32 elements, for a buffer stored in float32 (no copy).</summary>
    public Span<float> Float32 => Kind == StorageKind.Float32 ? _float32.Span
        : throw new InvalidOperationException($"The buffer is stored as {Kind}, not Float32.");

    /// <summary>Widens elements [<paramref name="start"/>, <paramref name="start"/> + <c>destination.Length</c>) into
    /// <paramref name="destination"/>.</summary>
    /// <param name="start">The first element; a multiple of the block size for 8-bit storage.</param>
    /// <param name="destination">Receives the float32 values.</param>
    /// <param name="path">The code path of the conversion.</param>
    public void Widen(int start, Span<float> destination, KernelPath path)
    {
        int n = destination.Length;
        switch (Kind)
        {
            case StorageKind.Float32:
                _float32.Span.Slice(start, n).CopyTo(destination);
                break;
            case StorageKind.BFloat16:
                BFloat16Kernels.Widen(Bits(_bfloat16.Span.Slice(start, n)), Bits(destination), Explicit(path));
                break;
            case StorageKind.Float16:
                HalfKernels.Widen(Bits(_float16.Span.Slice(start, n)), Bits(destination), Explicit(path));
                break;
            default:
                Quantized8Kernels.Dequantize(_codes.Span.Slice(start, n), Scales(start, n), destination, _code,
                    Explicit(path));
                break;
        }
    }

    /// <summary>Narrows <paramref name="source"/> into elements [<paramref name="start"/>, <paramref name="start"/> +
    /// <c>source.Length</c>), rounding to nearest even (8-bit storage: requantizing each block from its new
    /// absmax).</summary>
    /// <param name="source">The float32 values.</param>
    /// <param name="start">The first element; a multiple of the block size for 8-bit storage.</param>
    /// <param name="path">The code path of the conversion.</param>
    public void Narrow(ReadOnlySpan<float> source, int start, KernelPath path)
    {
        int n = source.Length;
        switch (Kind)
        {
            case StorageKind.Float32:
                source.CopyTo(_float32.Span.Slice(start, n));
                break;
            case StorageKind.BFloat16:
                BFloat16Kernels.Narrow(Bits(source), Bits(_bfloat16.Span.Slice(start, n)), Explicit(path));
                break;
            case StorageKind.Float16:
                HalfKernels.Narrow(Bits(source), Bits(_float16.Span.Slice(start, n)), Explicit(path));
                break;
            default:
                Quantized8Kernels.Quantize(source, _codes.Span.Slice(start, n), Scales(start, n), _code,
                    Explicit(path));
                break;
        }
    }

    /// <summary>Narrows <paramref name="source"/> into bfloat16 elements from <paramref name="start"/> with stochastic
    /// rounding keyed by (<paramref name="seed"/>, <paramref name="step"/>, element index).</summary>
    /// <param name="source">The float32 values.</param>
    /// <param name="start">The index of the first element in the tensor.</param>
    /// <param name="seed">The seed of the random stream.</param>
    /// <param name="step">The step count.</param>
    /// <param name="path">The code path of the conversion.</param>
    public void NarrowStochastic(ReadOnlySpan<float> source, int start, ulong seed, long step, KernelPath path)
    {
        if (Kind != StorageKind.BFloat16)
            throw new InvalidOperationException($"Stochastic rounding narrows to BFloat16, not {Kind}.");
        BFloat16Codec.NarrowStochastic(source, _bfloat16.Span.Slice(start, source.Length), seed, step, start, path);
    }

    /// <summary>Pins the elements (a 16- or 32-bit storage) for the in-register step, which reads them by address.
    /// </summary>
    public System.Buffers.MemoryHandle Pin() => Kind switch
    {
        StorageKind.Float32 => _float32.Pin(),
        StorageKind.BFloat16 => _bfloat16.Pin(),
        StorageKind.Float16 => _float16.Pin(),
        _ => throw new InvalidOperationException("8-bit storage is staged, never read by address."),
    };

    /// <summary>The bytes one element of a 16- or 32-bit storage takes.</summary>
    public int ElementSize => Kind == StorageKind.Float32 ? 4 : 2;

    /// <summary>The stored elements as bytes (8-bit storage: the codes), as a checkpoint saves them.</summary>
    public Span<byte> ElementBytes => Kind switch
    {
        StorageKind.Float32 => MemoryMarshal.AsBytes(_float32.Span),
        StorageKind.BFloat16 => MemoryMarshal.AsBytes(_bfloat16.Span),
        StorageKind.Float16 => MemoryMarshal.AsBytes(_float16.Span),
        _ => _codes.Span,
    };

    /// <summary>Copies <paramref name="source"/>, a buffer of the same storage and length, into this one.</summary>
    /// <param name="source">The buffer to copy.</param>
    public void CopyFrom(StoredMemory source)
    {
        source.ElementBytes.CopyTo(ElementBytes);
        source.BlockScales.CopyTo(BlockScales);
    }

    /// <summary>This buffer's values stored as <paramref name="kind"/> (with <paramref name="code"/>): the buffer
    /// itself when it is stored so already, else a new buffer.</summary>
    /// <param name="kind">The storage.</param>
    /// <param name="code">The 8-bit code.</param>
    public StoredMemory ConvertTo(StorageKind kind, Quantized8Code code)
    {
        if (kind == Kind && (kind != StorageKind.Quantized8 || code == _code)) return this;
        var values = new float[Length];
        Widen(0, values, KernelPath.Auto);
        var converted = Allocate(kind, Length, code);
        converted.Narrow(values, 0, KernelPath.Auto);
        return converted;
    }

    /// <summary>Writes the stored elements (and an 8-bit buffer's scales), as a checkpoint holds them.</summary>
    /// <param name="writer">The checkpoint.</param>
    public void Write(CheckpointWriter writer)
    {
        if (Kind is StorageKind.BFloat16 or StorageKind.Float16)
            writer.WriteElements<ushort>(MemoryMarshal.Cast<byte, ushort>(ElementBytes));
        else if (Kind == StorageKind.Float32) writer.WriteElements<float>(_float32.Span);
        else
        {
            writer.WriteElements<byte>(_codes.Span);
            writer.WriteElements<float>(_scales.Span);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote into this buffer.</summary>
    /// <param name="reader">The checkpoint.</param>
    public void Read(CheckpointReader reader)
    {
        if (Kind is StorageKind.BFloat16 or StorageKind.Float16)
            reader.ReadElements<ushort>(MemoryMarshal.Cast<byte, ushort>(ElementBytes));
        else if (Kind == StorageKind.Float32) reader.ReadElements<float>(_float32.Span);
        else
        {
            reader.ReadElements<byte>(_codes.Span);
            reader.ReadElements<float>(_scales.Span);
        }
    }

    /// <summary>The 8-bit code (meaningful for 8-bit storage).</summary>
    public Quantized8Code Code => _code;

    /// <summary>The stored elements as byte memory (for the check that buffers do not overlap).</summary>
    public Memory<byte> AsByteMemory() => Kind switch
    {
        StorageKind.Float32 => new ByteMemoryManager<float>(_float32).Memory,
        StorageKind.BFloat16 => new ByteMemoryManager<BFloat16>(_bfloat16).Memory,
        StorageKind.Float16 => new ByteMemoryManager<Half>(_float16).Memory,
        _ => _codes,
    };

    /// <summary>The block scales of an 8-bit buffer (empty otherwise).</summary>
    public Span<float> BlockScales => _scales.Span;

    // The codecs' kernels without the public entry points' checks, which a staged block (separate buffers of one
    // length, by construction) would repeat for every block: the same loops, so the same bits.
    private static KernelPath Explicit(KernelPath path) => KernelPaths.ResolveExplicit(path);

    private static Span<ushort> Bits(Span<BFloat16> values) => MemoryMarshal.Cast<BFloat16, ushort>(values);

    private static Span<ushort> Bits(Span<Half> values) => MemoryMarshal.Cast<Half, ushort>(values);

    private static ReadOnlySpan<uint> Bits(ReadOnlySpan<float> values) => MemoryMarshal.Cast<float, uint>(values);

    private static Span<uint> Bits(Span<float> values) => MemoryMarshal.Cast<float, uint>(values);

    private Span<float> Scales(int start, int length)
    {
        if (start % Quantized8Codec.BlockSize != 0)
            throw new ArgumentOutOfRangeException(nameof(start), start, string.Create(CultureInfo.InvariantCulture,
                $"An 8-bit buffer is read from a multiple of {Quantized8Codec.BlockSize} elements."));
        return _scales.Span.Slice(start / Quantized8Codec.BlockSize, Quantized8Codec.ScaleCount(length));
    }
}
