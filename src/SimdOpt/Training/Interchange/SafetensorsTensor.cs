using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Training.Interchange;

/// <summary>
/// One tensor of a safetensors file: its element type, its shape (empty for a 0-dimensional scalar, as torch's
/// <c>step</c>) and its elements as raw little-endian bytes, in row-major order.
/// </summary>
public sealed class SafetensorsTensor
{
    private readonly long[] _shape;

    /// <summary>A tensor of the given type and shape over <paramref name="data"/>.</summary>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The size of each dimension (none for a scalar); each is zero or more.</param>
    /// <param name="data">The elements, little-endian; exactly as many bytes as the shape and type hold.</param>
    /// <exception cref="ArgumentNullException"><paramref name="shape"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not defined.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, the element count overflows, or
    /// <paramref name="data"/> holds another number of bytes than the shape needs.</exception>
    public SafetensorsTensor(SafetensorsDtype dtype, IReadOnlyList<long> shape, ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!SafetensorsDtypes.IsDefined(dtype))
            throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown safetensors dtype.");
        _shape = [.. shape];
        long count = CountElements(_shape)
            ?? throw new ArgumentException(
                $"The shape {FormatShape(_shape)} has a negative dimension or too many elements.",
                nameof(shape));
        if (count > long.MaxValue / dtype.ElementSize() || count * dtype.ElementSize() != data.Length)
            throw new ArgumentException(
                Invariant($"A {dtype.HeaderName()} tensor of shape {FormatShape(_shape)} holds {count} elements, ")
                + Invariant($"{count * dtype.ElementSize()} bytes, but {data.Length} bytes were given."), nameof(data));
        Dtype = dtype;
        ElementCount = count;
        Data = data;
    }

    /// <summary>The element type.</summary>
    public SafetensorsDtype Dtype { get; }

    /// <summary>The size of each dimension; empty for a scalar.</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>The number of elements: the product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>The elements as raw little-endian bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The shape as torch prints it, e.g. <c>[2, 3]</c> or <c>[]</c>.</summary>
    public string ShapeText => FormatShape(_shape);

    /// <summary>A one-dimensional (or, with <paramref name="shape"/>, any shape) F32 tensor of
    /// <paramref name="values"/>.</summary>
    /// <param name="values">The elements.</param>
    /// <param name="shape">The shape, or null for one dimension of <c>values.Length</c>.</param>
    /// <exception cref="ArgumentException">The shape holds another number of elements.</exception>
    public static SafetensorsTensor FromSingles(ReadOnlySpan<float> values, IReadOnlyList<long>? shape = null) =>
        FromElements(SafetensorsDtype.F32, values, shape);

    /// <summary>A one-dimensional (or, with <paramref name="shape"/>, any shape) F64 tensor of
    /// <paramref name="values"/>.</summary>
    /// <param name="values">The elements.</param>
    /// <param name="shape">The shape, or null for one dimension of <c>values.Length</c>.</param>
    /// <exception cref="ArgumentException">The shape holds another number of elements.</exception>
    public static SafetensorsTensor FromDoubles(ReadOnlySpan<double> values, IReadOnlyList<long>? shape = null) =>
        FromElements(SafetensorsDtype.F64, values, shape);

    /// <summary>A 0-dimensional I64 tensor holding <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    public static SafetensorsTensor Scalar(long value) => FromElements(SafetensorsDtype.I64, [value], []);

    /// <summary>A 0-dimensional F32 tensor holding <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    public static SafetensorsTensor Scalar(float value) => FromElements(SafetensorsDtype.F32, [value], []);

    /// <summary>
    /// Every element as a double: exact for BOOL, the integers up to 2^53, F16, BF16, F32 and F64; larger I64 values
    /// round to the nearest double.
    /// </summary>
    public double[] ToDoubles()
    {
        var bytes = Data.Span;
        var values = new double[ElementCount];
        int size = Dtype.ElementSize();
        for (int i = 0; i < values.Length; i++)
        {
            var element = bytes.Slice(i * size, size);
            values[i] = Dtype switch
            {
                SafetensorsDtype.Bool or SafetensorsDtype.U8 => element[0],
                SafetensorsDtype.I8 => (sbyte)element[0],
                SafetensorsDtype.I16 => BinaryPrimitives.ReadInt16LittleEndian(element),
                SafetensorsDtype.I32 => BinaryPrimitives.ReadInt32LittleEndian(element),
                SafetensorsDtype.I64 => BinaryPrimitives.ReadInt64LittleEndian(element),
                SafetensorsDtype.F16 => (double)BinaryPrimitives.ReadHalfLittleEndian(element),
                // bfloat16 is the upper 16 bits of a float32, so widening is a shift.
                SafetensorsDtype.BF16 => BitConverter.Int32BitsToSingle(
                    BinaryPrimitives.ReadUInt16LittleEndian(element) << 16),
                SafetensorsDtype.F32 => BinaryPrimitives.ReadSingleLittleEndian(element),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(element),
            };
        }
        return values;
    }

    /// <summary>Copies the elements, of the type whose dtype this tensor has, to <paramref name="destination"/> (as
    /// long as <see cref="ElementCount"/>).</summary>
    internal void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        Data.Span.CopyTo(bytes);
        if (!BitConverter.IsLittleEndian) ByteOrder.ReverseElements(bytes, Unsafe.SizeOf<T>());
    }

    private static SafetensorsTensor FromElements<T>(SafetensorsDtype dtype, ReadOnlySpan<T> values,
        IReadOnlyList<long>? shape) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian) ByteOrder.ReverseElements(bytes, Unsafe.SizeOf<T>());
        return new SafetensorsTensor(dtype, shape ?? [values.Length], bytes);
    }

    // The product of the dimensions, or null when one is negative or the product overflows.
    internal static long? CountElements(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 0) return null;
            if (dimension != 0 && count > long.MaxValue / dimension) return null;
            count *= dimension;
        }
        return count;
    }

    internal static string FormatShape(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
