namespace SimdOpt.Benchmarks.Kernels;

/// <summary>
/// Takes consecutive steps with one <see cref="RangeKernel"/>: on the calling thread, or split into one chunk per core
/// with <see cref="Parallel.For(int, int, Action{int})"/>. Chunk boundaries are multiples of <see cref="ChunkAlignment"/>
/// elements (whole vectors of every width), so a split computes the same bits as one pass.
/// </summary>
public sealed class StepRunner
{
    /// <summary>Chunk starts are multiples of this many elements: a 64-byte cache line of floats times four.</summary>
    public const int ChunkAlignment = 64;

    private readonly RangeKernel _kernel;
    private readonly (int Start, int Length)[] _chunks;
    private readonly Action<int> _applyChunk;
    private long _t;

    /// <summary>Runs <paramref name="kernel"/>, splitting its workload into up to <paramref name="parts"/> chunks when asked to use all cores.</summary>
    /// <param name="kernel">The kernel to step.</param>
    /// <param name="parts">The number of chunks (normally <see cref="Environment.ProcessorCount"/>).</param>
    public StepRunner(RangeKernel kernel, int parts)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _kernel = kernel;
        _chunks = Split(kernel.Length, parts);
        _applyChunk = c => _kernel.Apply(_chunks[c].Start, _chunks[c].Length);
    }

    /// <summary>One step over the whole workload on the calling thread.</summary>
    public void StepSingleThread()
    {
        _kernel.Prepare(++_t);
        _kernel.Apply(0, _kernel.Length);
    }

    /// <summary>One step, its chunks applied in parallel.</summary>
    public void StepAllCores()
    {
        _kernel.Prepare(++_t);
        Parallel.For(0, _chunks.Length, _applyChunk);
    }

    /// <summary>Splits <paramref name="length"/> elements into at most <paramref name="parts"/> nearly equal chunks whose starts are multiples of <see cref="ChunkAlignment"/>.</summary>
    /// <param name="length">The number of elements.</param>
    /// <param name="parts">The wanted number of chunks, at least 1.</param>
    public static (int Start, int Length)[] Split(int length, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        int blocks = (length + ChunkAlignment - 1) / ChunkAlignment;
        int count = Math.Max(1, Math.Min(parts, blocks));
        var chunks = new (int, int)[count];
        int start = 0;
        for (int c = 0; c < count; c++)
        {
            int end = c == count - 1 ? length : Math.Min(length, (int)((long)blocks * (c + 1) / count) * ChunkAlignment);
            chunks[c] = (start, end - start);
            start = end;
        }
        return chunks;
    }
}
