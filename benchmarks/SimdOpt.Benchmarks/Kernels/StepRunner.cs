using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Kernels;

/// <summary>
/// Takes consecutive steps with one <see cref="RangeKernel"/>: on the calling thread, or split into one chunk per core
/// with <see cref="Parallel.For(int, int, Action{int})"/>. The chunks are <see cref="WholeVectorSlices"/>, the cut the
/// training runtime and the CLI's benchmark use, so a split computes the same bits as one pass.
/// </summary>
public sealed class StepRunner
{
    private readonly RangeKernel _kernel;
    private readonly (int Start, int Length)[] _chunks;
    private readonly Action<int> _applyChunk;
    private long _t;

    /// <summary>Runs <paramref name="kernel"/>, splitting its workload into up to <paramref name="parts"/> chunks when
    /// asked to use all cores.</summary>
    /// <param name="kernel">The kernel to step.</param>
    /// <param name="parts">The number of chunks (normally <see cref="Environment.ProcessorCount"/>).</param>
    public StepRunner(RangeKernel kernel, int parts)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _kernel = kernel;
        _chunks = WholeVectorSlices.Cut(kernel.Length, parts);
        _applyChunk = c => _kernel.Apply(_chunks[c].Start, _chunks[c].Length);
    }

    /// <summary>One step over the whole workload on the calling thread.</summary>
    public void StepSingleThread()
    {
        _kernel.Prepare(++_t);
        _kernel.Apply(0, _kernel.Length);
        _kernel.Commit();
    }

    /// <summary>One step, its chunks applied in parallel.</summary>
    public void StepAllCores()
    {
        _kernel.Prepare(++_t);
        Parallel.For(0, _chunks.Length, _applyChunk);
        _kernel.Commit();
    }
}
