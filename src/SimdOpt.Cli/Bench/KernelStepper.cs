using System.Runtime.Intrinsics;
using SimdOpt.Kernels;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// One optimizer stepping the first <c>length</c> elements of <see cref="BenchBuffers"/>: each step computes its
/// scalars once (<see cref="StepPlan{T}.Prepare"/>) and then runs the generated loop over the whole array, or over
/// one chunk per thread. Chunks start on whole 512-bit vectors, so every path's vector loop sees the same
/// alignment as on one thread and the results are bit-identical to a single-threaded step.
/// </summary>
internal sealed class KernelStepper
{
    private readonly OptimizerHyperparameters _optimizer;
    private readonly StepPlan<float> _plan;
    private readonly double[] _stepState;
    private readonly BenchBuffers _buffers;
    private readonly (int Start, int Length)[] _chunks;
    private readonly ParallelOptions _parallel;
    private long _t;

    /// <summary>Prepares <paramref name="optimizer"/> to step <paramref name="length"/> elements on <paramref name="threads"/> threads, its state at the initial values.</summary>
    public KernelStepper(OptimizerHyperparameters optimizer, BenchBuffers buffers, int length, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (length < 1 || length > buffers.Capacity)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"The buffers hold 1 to {buffers.Capacity} elements.");
        if ((long)optimizer.Info.States.Count * length > buffers.StateBlock.Length)
            throw new ArgumentException($"The buffers have no room for the {optimizer.Info.States.Count} state buffers of '{optimizer.Info.Name}'.", nameof(buffers));
        _optimizer = optimizer;
        _buffers = buffers;
        Length = length;
        _plan = optimizer.CreatePlan<float>();
        _stepState = new double[optimizer.Info.StepStates.Count];
        Threads = threads;
        _chunks = Chunks(length, threads);
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Reset();
    }

    /// <summary>The number of elements each step covers.</summary>
    public int Length { get; }

    /// <summary>The most threads that share a step.</summary>
    public int Threads { get; }

    /// <summary>The elements every chunk but the last is a multiple of: one 512-bit vector of floats.</summary>
    public static int ChunkGranule => Vector512<float>.Count;

    /// <summary>Bytes one step moves per element: p read and written, g read, each active state buffer read and written.</summary>
    public static int BytesPerElement(OptimizerHyperparameters optimizer)
    {
        int active = 0;
        for (int k = 0; k < optimizer.Info.States.Count; k++)
            if (optimizer.IsStateActive(k)) active++;
        return sizeof(float) * (2 + 1 + 2 * active);
    }

    /// <summary>Splits <paramref name="length"/> elements into at most <paramref name="threads"/> chunks that start on multiples of <see cref="ChunkGranule"/>.</summary>
    public static (int Start, int Length)[] Chunks(int length, int threads)
    {
        int granules = (length + ChunkGranule - 1) / ChunkGranule;
        int perChunk = Math.Max(1, (granules + threads - 1) / threads) * ChunkGranule;
        var chunks = new List<(int, int)>();
        for (int start = 0; start < length; start += perChunk)
            chunks.Add((start, Math.Min(perChunk, length - start)));
        return chunks.ToArray();
    }

    /// <summary>Restores the parameters and sets every state buffer and per-step state to its initial value; the next step is step 1.</summary>
    public void Reset()
    {
        _buffers.RestoreParameters(Length);
        var states = Spans();
        for (int k = 0; k < states.Count; k++)
            states[k].Fill((float)_optimizer.InitialStateValue(k));
        _optimizer.InitializeStepState(_stepState);
        _t = 0;
    }

    /// <summary>Takes one step on <paramref name="path"/>.</summary>
    public void Step(KernelPath path)
    {
        _plan.Prepare(++_t, _stepState);
        if (_chunks.Length == 1)
        {
            _plan.Apply(_buffers.Parameters.AsSpan(0, Length), _buffers.Gradients.AsSpan(0, Length), Spans(), path);
            return;
        }
        Parallel.For(0, _chunks.Length, _parallel, c =>
        {
            var (start, length) = _chunks[c];
            _plan.Apply(_buffers.Parameters.AsSpan(start, length), _buffers.Gradients.AsSpan(start, length), Spans().Slice(start, length), path);
        });
    }

    private StateSpans<float> Spans() => new(_buffers.StateBlock, _optimizer.Info.States.Count, Length);
}
