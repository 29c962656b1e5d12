using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The state buffers of one tensor (or a slice of it), stored one after another in a single block:
/// buffer <c>k</c> holds elements <c>[k * Stride + Offset, k * Stride + Offset + Length)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct StateSpans<T>
{
    private readonly Span<T> _block;

    /// <summary>Describes <paramref name="count"/> buffers of <paramref name="stride"/> elements each in
    /// <paramref name="block"/>, viewing <paramref name="length"/> elements from <paramref name="offset"/>.</summary>
    /// <param name="block">The storage of all buffers, at least <c>count * stride</c> long.</param>
    /// <param name="count">How many buffers the block holds.</param>
    /// <param name="stride">The length of one buffer in the block.</param>
    /// <param name="offset">The first element of the view inside each buffer.</param>
    /// <param name="length">The number of elements viewed in each buffer.</param>
    /// <exception cref="ArgumentOutOfRangeException">The view does not fit in the block.</exception>
    // Inlined, with the messages built out of line: OptimizerState<T> and the training runtime make one per step.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StateSpans(Span<T> block, int count, int stride, int offset, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(stride);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if ((long)offset + length > stride) ThrowViewTooLong(offset, length, stride);
        if ((long)count * stride > block.Length) ThrowBlockTooShort(count, stride, block.Length);
        _block = block;
        Count = count;
        Stride = stride;
        Offset = offset;
        Length = length;
    }

    /// <summary>Views <paramref name="count"/> whole buffers of <paramref name="length"/> elements laid end to end in
    /// <paramref name="block"/>.</summary>
    /// <param name="block">The storage of all buffers.</param>
    /// <param name="count">How many buffers the block holds.</param>
    /// <param name="length">The length of each buffer.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StateSpans(Span<T> block, int count, int length) : this(block, count, length, 0, length) { }

    /// <summary>The number of buffers.</summary>
    public int Count { get; }

    /// <summary>The distance between the starts of two consecutive buffers.</summary>
    public int Stride { get; }

    /// <summary>The first viewed element inside each buffer.</summary>
    public int Offset { get; }

    /// <summary>The number of elements viewed in each buffer.</summary>
    public int Length { get; }

    /// <summary>The view of buffer <paramref name="index"/>.</summary>
    /// <param name="index">The buffer's index, in declaration order.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such buffer.</exception>
    public Span<T> this[int index]
    {
        // Inlined into every plan's Apply, which reads each buffer once a call: with the message built inline the
        // JIT kept it a call (three calls for AdamW, about 10 ns of a 64-element step).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if ((uint)index >= (uint)Count) ThrowNoBuffer(index, Count);
            return _block.Slice(index * Stride + Offset, Length);
        }
    }

    /// <summary>The same buffers viewed from <paramref name="start"/> (relative to this view) for
    /// <paramref name="length"/> elements.</summary>
    /// <param name="start">The first element, relative to this view.</param>
    /// <param name="length">The number of elements.</param>
    public StateSpans<T> Slice(int start, int length)
    {
        if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start))
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Elements [{start}, {(long)start + length}) are outside a view of {Length}.");
        return new StateSpans<T>(_block, Count, Stride, Offset + start, length);
    }

    [DoesNotReturn]
    private static void ThrowViewTooLong(int offset, int length, int stride) =>
        throw new ArgumentOutOfRangeException(nameof(length),
            $"A view of {length} elements from {offset} does not fit in buffers of {stride} elements.");

    [DoesNotReturn]
    private static void ThrowBlockTooShort(int count, int stride, int blockLength) =>
        throw new ArgumentOutOfRangeException("block",
            $"{count} buffers of {stride} elements need {(long)count * stride} elements, "
            + $"but the block holds {blockLength}.");

    [DoesNotReturn]
    private static void ThrowNoBuffer(int index, int count) =>
        throw new ArgumentOutOfRangeException(nameof(index), $"Buffer {index} does not exist: there are {count}.");
}
