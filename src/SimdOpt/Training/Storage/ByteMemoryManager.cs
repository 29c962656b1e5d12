using System.Buffers;
using System.Runtime.InteropServices;

namespace SimdOpt.Training;

/// <summary>Views memory of <typeparamref name="TElement"/> as bytes, so buffers of different element types can be
/// checked against each other by address (<see cref="MemoryOverlap"/>).</summary>
/// <typeparam name="TElement">The element type.</typeparam>
internal sealed class ByteMemoryManager<TElement>(Memory<TElement> memory) : MemoryManager<byte>
    where TElement : unmanaged
{
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(memory.Span);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if (elementIndex != 0) throw new ArgumentOutOfRangeException(nameof(elementIndex));
        return memory.Pin();
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
