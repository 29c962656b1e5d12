using System.Buffers;

namespace SimdOpt.Training;

/// <summary>Native memory seen as <see cref="Memory{T}"/>. It owns nothing: the caller allocates and frees the
/// memory.</summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed unsafe class NativeMemoryManager<T> : MemoryManager<T> where T : unmanaged
{
    private readonly T* _pointer;
    private readonly int _length;

    public NativeMemoryManager(T* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<T> GetSpan() => new(_pointer, _length);

    // Native memory never moves, so pinning is only handing out the address.
    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin() { }

    /// <summary>
    /// Joins elements [<paramref name="start"/>, +<paramref name="length"/>) of this memory with elements
    /// [<paramref name="nextStart"/>, +<paramref name="nextLength"/>) of <paramref name="next"/> when the second begins
    /// at the address where the first ends. (Joined runs never outgrow one state block, so the sum fits an int.)
    /// </summary>
    public bool TryJoin(int start, int length, NativeMemoryManager<T> next, int nextStart, int nextLength,
        out Memory<T> joined)
    {
        joined = default;
        if (_pointer + start + length != next._pointer + nextStart) return false;
        joined = new NativeMemoryManager<T>(_pointer + start, length + nextLength).Memory;
        return true;
    }

    protected override void Dispose(bool disposing) { }
}
