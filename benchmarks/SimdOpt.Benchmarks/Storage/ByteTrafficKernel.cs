using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Storage;

/// <summary>
/// The memory-bandwidth ceiling of a byte count, in the manner of <see cref="BandwidthKernel"/>: one stream per buffer
/// of a step, each as many bytes per element as the buffer's storage, read (the gradient) or read and written (the
/// parameters, each state buffer), with no arithmetic worth the name. The streams are walked together, interleaved in
/// blocks of <see cref="BlockElements"/> elements with the widest vectors, as a fused step walks them: a core keeps
/// as many misses in flight as it has streams (its hardware prefetcher does not cross a 4 KiB page, so one stream
/// walked alone is slower than the same bytes of several walked together). A step that moves the same bytes cannot be
/// faster than this loop, so a storage's step is read against the ceiling of its own byte count. The streams are
/// <see cref="SimdOpt.Kernels.AlignedMemory"/>, as a step's own buffers are: each at its own offset in its page.
/// </summary>
public sealed class ByteTrafficKernel : RangeKernel
{
    /// <summary>The elements of every stream touched before the walk moves on: one cache line of a 1-byte stream.
    /// </summary>
    public const int BlockElements = 64;

    private readonly (ArraySegment<byte> Data, int BytesPerElement, bool Written)[] _streams;
    private readonly ulong[] _sinks;

    /// <summary>Allocates the streams of <paramref name="length"/> elements.</summary>
    /// <param name="length">The number of elements.</param>
    /// <param name="streams">Each stream's bytes per element, and whether it is written back.</param>
    public ByteTrafficKernel(int length, IReadOnlyList<(int BytesPerElement, bool Written)> streams)
    {
        Length = length;
        _streams = [.. streams.Select(s => (Filled(length * s.BytesPerElement), s.BytesPerElement, s.Written))];
        _sinks = new ulong[Environment.ProcessorCount * 8];
    }

    /// <inheritdoc/>
    public override int Length { get; }

    /// <summary>Bytes moved per element, counted as STREAM counts them.</summary>
    public int BytesPerElement => _streams.Sum(s => s.BytesPerElement * (s.Written ? 2 : 1));

    /// <inheritdoc/>
    public override void Prepare(long t) { }

    /// <inheritdoc/>
    public override void Apply(int start, int length)
    {
        ulong sum = 0;
        int end = start + length;
        for (int block = start; block < end; block += BlockElements)
        {
            int n = Math.Min(BlockElements, end - block);
            foreach (var (data, bytes, written) in _streams)
            {
                ref byte first = ref Unsafe.Add(ref MemoryMarshal.GetReference(data.AsSpan()), (nint)block * bytes);
                if (written) Increment(ref first, (nuint)(n * bytes));
                else sum ^= Fold(ref first, (nuint)(n * bytes));
            }
        }
        // Kept, so the reads of a read-only stream are not optimized away.
        _sinks[(start / Math.Max(1, length)) % _sinks.Length] = sum;
    }

    private static ArraySegment<byte> Filled(int bytes)
    {
        var data = SimdOpt.Kernels.AlignedMemory.Allocate<byte>(bytes);
        data.AsSpan().Fill(1);
        return data;
    }

    // Reads and writes back every byte: the widest vectors, then bytes.
    private static void Increment(ref byte first, nuint n)
    {
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + (nuint)Vector512<byte>.Count <= n; i += (nuint)Vector512<byte>.Count)
                (Vector512.LoadUnsafe(ref first, i) + Vector512<byte>.One).StoreUnsafe(ref first, i);
        }
        else
        {
            for (; i + (nuint)Vector<byte>.Count <= n; i += (nuint)Vector<byte>.Count)
                Vector.StoreUnsafe(Vector.LoadUnsafe(ref first, i) + Vector<byte>.One, ref first, i);
        }
        for (; i < n; i++) Unsafe.Add(ref first, i)++;
    }

    // Reads every byte: the exclusive or of the widest vectors, summed, then of the bytes.
    private static ulong Fold(ref byte first, nuint n)
    {
        nuint i = 0;
        ulong sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var wide = Vector512<byte>.Zero;
            for (; i + (nuint)Vector512<byte>.Count <= n; i += (nuint)Vector512<byte>.Count)
                wide ^= Vector512.LoadUnsafe(ref first, i);
            sum = Vector512.Sum(wide.AsUInt64());
        }
        else
        {
            var narrow = Vector<byte>.Zero;
            for (; i + (nuint)Vector<byte>.Count <= n; i += (nuint)Vector<byte>.Count)
                narrow ^= Vector.LoadUnsafe(ref first, i);
            sum = Vector.Sum(Vector.AsVectorUInt64(narrow));
        }
        for (; i < n; i++) sum ^= Unsafe.Add(ref first, i);
        return sum;
    }
}
