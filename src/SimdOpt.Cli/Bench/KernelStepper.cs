using SimdOpt.Kernels;

namespace SimdOpt.Cli.Bench;

/// <summary>
/// One optimizer stepping the first <c>length</c> elements of <see cref="BenchBuffers"/> through its
/// <see cref="StepProtocol{T}"/>, as the training runtime steps a group: each step is prepared once and applied to the
/// whole array, or to one whole-vector slice per thread (<see cref="WholeVectorSlices"/>), and the results are
/// bit-identical to a single-threaded step.
/// </summary>
internal sealed class KernelStepper
{
    private readonly StepProtocol<float> _steps;
    private readonly BenchBuffers _buffers;
    private readonly (int Start, int Length)[] _slices;
    private readonly ParallelOptions _parallel;
    private readonly int _stateCount;
    private readonly int _stride;
    private readonly ReadOnlyMemory<float>[] _inputs;

    /// <summary>Prepares <paramref name="hyperparameters"/> to step <paramref name="length"/> elements on
    /// <paramref name="threads"/> threads, from a state that has taken no step.</summary>
    public KernelStepper(OptimizerHyperparameters hyperparameters, BenchBuffers buffers, int length, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (length < 1 || length > buffers.Capacity)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"The buffers hold 1 to {buffers.Capacity} elements.");
        _stateCount = hyperparameters.Info.States.Count;
        _stride = buffers.StateStride(length);
        if ((long)_stateCount * _stride > buffers.StateBlock.Count)
            throw new ArgumentException(
                $"The buffers have no room for the {_stateCount} state buffers of '{hyperparameters.Info.Name}'.",
                nameof(buffers));
        _buffers = buffers;
        // An input besides the gradient (Sophia's Hessian estimate) reads the gradients' memory: timing needs its
        // loads, not its values, and a step reads it only every few steps.
        _inputs = Enumerable.Repeat((ReadOnlyMemory<float>)buffers.Gradients.AsMemory(0, length),
            hyperparameters.Info.Inputs.Count).ToArray();
        Length = length;
        _steps = new StepProtocol<float>(hyperparameters);
        Threads = threads;
        _slices = WholeVectorSlices.Cut(length, threads);
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        Reset();
    }

    /// <summary>The number of elements each step covers.</summary>
    public int Length { get; }

    /// <summary>The most threads that share a step.</summary>
    public int Threads { get; }

    /// <summary>Bytes one step moves per element: p read and written, g read, each active state buffer read and
    /// written.</summary>
    public static int BytesPerElement(OptimizerHyperparameters hyperparameters)
    {
        int active = 0;
        for (int k = 0; k < hyperparameters.Info.States.Count; k++)
            if (hyperparameters.IsStateActive(k)) active++;
        return sizeof(float) * (2 + 1 + 2 * active);
    }

    /// <summary>Restores the parameters and forgets every step: the next step is step 1 and starts the state
    /// anew.</summary>
    public void Reset()
    {
        _buffers.RestoreParameters(Length);
        _steps.Reset();
    }

    /// <summary>Takes one step on <paramref name="path"/>.</summary>
    public void Step(KernelPath path)
    {
        _steps.Prepare();
        if (_slices.Length == 1) Apply(0, Length, path);
        else Parallel.For(0, _slices.Length, _parallel, s => Apply(_slices[s].Start, _slices[s].Length, path));
        _steps.Commit();
    }

    private void Apply(int start, int length, KernelPath path) =>
        _steps.Apply(_buffers.Parameters.AsSpan(start, length), _buffers.Gradients.AsSpan(start, length),
            new InputSpans<float>(_inputs).Slice(start, length),
            new StateSpans<float>(_buffers.StateBlock, _stateCount, _stride, 0, Length).Slice(start, length), path);
}
