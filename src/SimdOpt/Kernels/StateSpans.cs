using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SimdOpt.Kernels;

/// <summary>
/// The state buffers of one tensor (or a slice of it), stored one after another in a single block:
/// buffer <c>k</c> holds elements <c>[k * Stride + Offset, k * Stride + Offset + Length)</c>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public readonly ref struct StateSpans<T>
{
    // Three 8-byte words, each written whole: a StateSpans is larger than two registers, so every call that takes one
    // (a plan's Apply, the step protocol's) gets it copied through the stack 8 bytes at a time, and an 8-byte load
    // cannot be forwarded from the 4-byte stores of separate int fields (or a Span's length and padding): a
    // store-forwarding stall per word, about 20 ns of every 64-element Apply on the Intel Xeon of docs/benchmarks.md.
    // The block's length is not kept: the constructor checks that every buffer fits in it, so the views need no
    // other bound.
    private readonly ref T _first;
    private readonly long _countAndStride;
    private readonly long _offsetAndLength;

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
        _first = ref MemoryMarshal.GetReference(block);
        _countAndStride = Pack(count, stride);
        _offsetAndLength = Pack(offset, length);
    }

    // A view already checked against its block (Slice's).
    private StateSpans(ref T first, long countAndStride, int offset, int length)
    {
        _first = ref first;
        _countAndStride = countAndStride;
        _offsetAndLength = Pack(offset, length);
    }

    /// <summary>Views <paramref name="count"/> whole buffers of <paramref name="length"/> elements laid end to end in
    /// <paramref name="block"/>.</summary>
    /// <param name="block">The storage of all buffers.</param>
    /// <param name="count">How many buffers the block holds.</param>
    /// <param name="length">The length of each buffer.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public StateSpans(Span<T> block, int count, int length) : this(block, count, length, 0, length) { }

    /// <summary>The number of buffers.</summary>
    public int Count => (int)_countAndStride;

    /// <summary>The distance between the starts of two consecutive buffers.</summary>
    public int Stride => (int)(_countAndStride >> 32);

    /// <summary>The first viewed element inside each buffer.</summary>
    public int Offset => (int)_offsetAndLength;

    /// <summary>The number of elements viewed in each buffer.</summary>
    public int Length => (int)(_offsetAndLength >> 32);

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
            // In the block: index * Stride + Offset + Length <= Count * Stride <= the block's length.
            return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref _first, (nint)index * Stride + Offset), Length);
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
        return new StateSpans<T>(ref _first, _countAndStride, Offset + start, length);
    }

    // Two non-negative ints in one word, the first in the low half.
    private static long Pack(int low, int high) => (uint)low | ((long)high << 32);

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
