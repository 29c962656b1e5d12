using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Kernels;

/// <summary>
/// The memory-bandwidth ceiling, STREAM style: <c>copy</c> (b = a: 8 bytes per float element) and <c>triad</c>
/// (a = b + s * c: 12 bytes). Bytes are counted as STREAM counts them, without the write-allocate read of a store
/// that misses the cache. Copy is a plain vector loop, as STREAM's is a plain C loop: <c>Span.CopyTo</c> (memmove)
/// takes other routes for some sizes (rep movsb), which measure the routine rather than the memory. The arrays are
/// <see cref="AlignedMemory"/>, as every workload's are: aligned, and each at its own offset in its page (streams at
/// the same offset of their pages ran up to 1.8 times slower on the AMD Zen 3 of docs/benchmarks.md).
/// </summary>
public sealed class BandwidthKernel : RangeKernel
{
    private readonly bool _triad;
    private readonly ArraySegment<float> _a;
    private readonly ArraySegment<float> _b;
    private readonly ArraySegment<float> _c;

    /// <summary>Allocates the arrays of one loop.</summary>
    /// <param name="triad">True for triad, false for copy.</param>
    /// <param name="length">The number of elements.</param>
    public BandwidthKernel(bool triad, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _triad = triad;
        _a = AlignedMemory.Allocate<float>(length);
        _b = AlignedMemory.Allocate<float>(length);
        _c = triad ? AlignedMemory.Allocate<float>(length) : [];
        _a.AsSpan().Fill(1f);
        _b.AsSpan().Fill(2f);
        _c.AsSpan().Fill(3f);
    }

    /// <inheritdoc/>
    public override int Length => _a.Count;

    /// <inheritdoc/>
    public override void Prepare(long t) { }

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        if (_triad) TensorPrimitives.MultiplyAdd(_c.AsSpan(start, length), 0.5f, _b.AsSpan(start, length), _a.AsSpan(start, length));
        else Copy(ref MemoryMarshal.GetReference(_a.AsSpan(start, length)), ref MemoryMarshal.GetReference(_b.AsSpan(start, length)), (nuint)length);
    }

    private static void Copy(ref float source, ref float destination, nuint length)
    {
        nuint i = 0, w = (nuint)Vector<float>.Count;
        for (; i + 4 * w <= length; i += 4 * w)
        {
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref source, i), ref destination, i);
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref source, i + w), ref destination, i + w);
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref source, i + 2 * w), ref destination, i + 2 * w);
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref source, i + 3 * w), ref destination, i + 3 * w);
        }
        for (; i < length; i++) Unsafe.Add(ref destination, i) = Unsafe.Add(ref source, i);
    }
}
