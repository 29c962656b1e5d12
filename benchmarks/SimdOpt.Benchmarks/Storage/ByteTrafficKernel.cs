using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Storage;

/// <summary>
/// The memory-bandwidth ceiling of a byte count, in the manner of <see cref="BandwidthKernel"/>: one stream per buffer
/// of a step, each as many bytes per element as the buffer's storage, read (the gradient) or read and written (the
/// parameters, each state buffer), with no arithmetic worth the name. A step that moves the same bytes cannot be
/// faster than this loop, so a storage's step is read against the ceiling of its own byte count.
/// </summary>
public sealed class ByteTrafficKernel : RangeKernel
{
    private readonly (byte[] Data, int BytesPerElement, bool Written)[] _streams;
    private readonly Vector<byte>[] _sinks;

    /// <summary>Allocates the streams of <paramref name="length"/> elements.</summary>
    /// <param name="length">The number of elements.</param>
    /// <param name="streams">Each stream's bytes per element, and whether it is written back.</param>
    public ByteTrafficKernel(int length, IReadOnlyList<(int BytesPerElement, bool Written)> streams)
    {
        Length = length;
        _streams = [.. streams.Select(s => (Enumerable.Repeat((byte)1, length * s.BytesPerElement).ToArray(),
            s.BytesPerElement, s.Written))];
        _sinks = new Vector<byte>[Environment.ProcessorCount * 8];
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
        var sum = Vector<byte>.Zero;
        foreach (var (data, bytes, written) in _streams)
        {
            ref byte first = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(data), start * bytes);
            nuint n = (nuint)(length * bytes), i = 0, w = (nuint)Vector<byte>.Count;
            if (written)
            {
                for (; i + w <= n; i += w)
                    Vector.StoreUnsafe(Vector.LoadUnsafe(ref first, i) + Vector<byte>.One, ref first, i);
            }
            else
            {
                for (; i + w <= n; i += w) sum ^= Vector.LoadUnsafe(ref first, i);
            }
            for (; i < n; i++) Unsafe.Add(ref first, i) += written ? (byte)1 : (byte)0;
        }
        // Kept, so the reads of a read-only stream are not optimized away.
        _sinks[(start / Math.Max(1, length)) % _sinks.Length] = sum;
    }
}
