using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Kernels;

/// <summary>
/// The memory one benchmarked step works on: parameters, gradients and the optimizer's state buffers, laid out as
/// <see cref="OptimizerState{T}"/> lays them out (every buffer one <see cref="AlignedMemory.Stride{T}"/> after the
/// other in one block), so every implementation under test reads and writes exactly the same arrays. Every array is
/// <see cref="AlignedMemory"/>, as the library allocates its own, so every row of a benchmark sees the same placement
/// (each starts on a cache line, and a large one at its own offset in its page) whichever process BenchmarkDotNet
/// runs it in. The state starts at its initial values
/// (<see cref="StepProtocol{T}.FillInitialState"/>) for the hand-written baselines; the generated kernel's protocol
/// fills the same values again on its first step.
/// </summary>
public sealed class Workload
{
    private readonly ArraySegment<float> _stateBlock;
    private readonly int _stride;

    /// <summary>Allocates <paramref name="length"/> elements of everything an optimizer with
    /// <paramref name="hyperparameters"/> needs and fills them.</summary>
    /// <param name="hyperparameters">The hyperparameters and flags of the optimizer whose state buffers are allocated
    /// and initialised.</param>
    /// <param name="length">The number of elements.</param>
    /// <param name="seed">Seed of the parameters and gradients; equal seeds give equal workloads.</param>
    public Workload(OptimizerHyperparameters hyperparameters, int length, int seed = 20240611)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Hyperparameters = hyperparameters;
        Length = length;
        StateCount = hyperparameters.Info.States.Count;
        Parameters = AlignedMemory.Allocate<float>(length);
        Gradients = AlignedMemory.Allocate<float>(length);
        _stateBlock = AlignedMemory.AllocateBlock<float>(length, StateCount, out _stride);
        var random = new Random(seed);
        Span<float> parameters = Parameters, gradients = Gradients;
        for (int i = 0; i < length; i++)
        {
            parameters[i] = (float)(2 * random.NextDouble() - 1);
            gradients[i] = RandomGradient(random);
        }
        StepProtocol<float>.FillInitialState(hyperparameters, States);
    }

    /// <summary>The hyperparameters and flags of the optimizer whose state this workload holds.</summary>
    public OptimizerHyperparameters Hyperparameters { get; }

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>The number of state buffers (active or not), as the optimizer declares them.</summary>
    public int StateCount { get; }

    /// <summary>The parameters, updated in place by every step.</summary>
    public ArraySegment<float> Parameters { get; }

    /// <summary>The gradients.</summary>
    public ArraySegment<float> Gradients { get; }

    /// <summary>Every state buffer, as the generated plans take them.</summary>
    public StateSpans<float> States => new(_stateBlock, StateCount, _stride, 0, Length);

    /// <summary>State buffer <paramref name="index"/>, in declaration order.</summary>
    /// <param name="index">The buffer's index in <see cref="OptimizerInfo.States"/>.</param>
    public Span<float> State(int index) => States[index];

    /// <summary>The index of state buffer <paramref name="name"/> in declaration order.</summary>
    /// <param name="name">The buffer's declared name, e.g. <c>exp_avg</c>.</param>
    /// <exception cref="ArgumentException">The optimizer declares no such buffer.</exception>
    public int StateIndex(string name)
    {
        var states = Hyperparameters.Info.States;
        for (int k = 0; k < states.Count; k++)
            if (states[k].Name == name) return k;
        throw new ArgumentException($"Optimizer '{Hyperparameters.Info.Name}' has no state buffer '{name}'.", nameof(name));
    }

    /// <summary>A copy of every array, for comparing two implementations from the same start.</summary>
    public Workload Clone() => new(Hyperparameters, Length, this);

    /// <summary>Draws new gradients, so a multi-step check sees gradients change sign as in training.</summary>
    /// <param name="random">The source of the new gradients.</param>
    public void RedrawGradients(Random random)
    {
        Span<float> gradients = Gradients;
        for (int i = 0; i < Length; i++) gradients[i] = RandomGradient(random);
    }

    /// <summary>Every element of the parameters and the state, in a fixed order: what a step may change.</summary>
    public IEnumerable<(string Array, int Index, float Value)> Values()
    {
        for (int i = 0; i < Length; i++) yield return ("p", i, Parameters[i]);
        for (int k = 0; k < StateCount; k++)
        {
            string name = Hyperparameters.Info.States[k].Name;
            for (int i = 0; i < Length; i++) yield return (name, i, _stateBlock[k * _stride + i]);
        }
    }

    private Workload(OptimizerHyperparameters hyperparameters, int length, Workload source)
    {
        Hyperparameters = hyperparameters;
        Length = length;
        StateCount = source.StateCount;
        _stride = source._stride;
        Parameters = Copy(source.Parameters, AlignedMemory.Allocate<float>(length));
        Gradients = Copy(source.Gradients, AlignedMemory.Allocate<float>(length));
        _stateBlock = Copy(source._stateBlock, AlignedMemory.AllocateBlock<float>(length, StateCount, out _));
    }

    private static ArraySegment<float> Copy(ArraySegment<float> source, ArraySegment<float> copy)
    {
        source.AsSpan().CopyTo(copy);
        return copy;
    }

    // Magnitudes in [0.1, 1) of either sign: no zeros, so no moment decays towards denormals while a benchmark runs.
    private static float RandomGradient(Random random)
    {
        float magnitude = (float)(0.1 + 0.9 * random.NextDouble());
        return random.Next(2) == 0 ? magnitude : -magnitude;
    }
}
