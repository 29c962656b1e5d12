using System.Numerics;
using SimdOpt.Kernels.Internal;

namespace SimdOpt.Kernels;

/// <summary>
/// The state of one optimizer over one tensor: every state buffer, the per-step scalar state and the step count.
/// It steps through <see cref="StepProtocol{T}"/>: buffers are filled with their initial values by the step that
/// creates the state, from the hyperparameters of that moment, as torch.optim does.
/// <see cref="Step(Span{T}, ReadOnlySpan{T}, KernelPath)"/> checks everything before it writes anything.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class OptimizerState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Every state buffer in one aligned block, buffer k at k * _stride (AlignedMemory).
    private readonly ArraySegment<T> _block;
    private readonly int _stateCount, _stride;
    private readonly StepProtocol<T> _steps;

    /// <summary>Creates the state of an optimizer with <paramref name="hyperparameters"/> for a tensor of
    /// <paramref name="length"/> elements.</summary>
    /// <param name="hyperparameters">The hyperparameters and flags every step reads (not copied: later changes apply to
    /// later steps).</param>
    /// <param name="length">The number of elements of the tensor.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hyperparameters"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative, or the buffers would not
    /// fit in one array.</exception>
    public OptimizerState(OptimizerHyperparameters hyperparameters, int length)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int count = hyperparameters.Info.States.Count;
        if ((long)count * length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(length), length,
                $"{count} state buffers of {length} elements do not fit in one array.");
        Length = length;
        _stateCount = count;
        _block = AlignedMemory.AllocateBlock<T>(length, count, out _stride);
        _steps = new StepProtocol<T>(hyperparameters);
    }

    /// <summary>The hyperparameters and flags every step reads.</summary>
    public OptimizerHyperparameters Hyperparameters => _steps.Hyperparameters;

    /// <summary>The number of elements of the tensor.</summary>
    public int Length { get; }

    /// <summary>The number of steps taken; the next step is <c>StepCount + 1</c>.</summary>
    public long StepCount => _steps.StepCount;

    /// <summary>State buffer <paramref name="index"/> (in the order of <see cref="OptimizerInfo.States"/>).</summary>
    /// <param name="index">The buffer's index.</param>
    /// <exception cref="ArgumentOutOfRangeException">There is no such buffer.</exception>
    public Span<T> Buffer(int index) => Spans[index];

    /// <summary>The state buffer named <paramref name="name"/> (e.g. <c>exp_avg</c>).</summary>
    /// <param name="name">The buffer's declared name.</param>
    /// <exception cref="ArgumentException">The optimizer declares no such buffer.</exception>
    public Span<T> Buffer(string name)
    {
        var states = Hyperparameters.Info.States;
        for (int k = 0; k < states.Count; k++)
            if (states[k].Name == name) return Buffer(k);
        throw new ArgumentException(
            $"Optimizer '{Hyperparameters.Info.Name}' has no state buffer '{name}'. "
            + $"Known: {string.Join(", ", states.Select(s => s.Name))}.", nameof(name));
    }

    /// <summary>Every state buffer as one <see cref="StateSpans{T}"/>.</summary>
    public StateSpans<T> Spans => new(_block.AsSpan(), _stateCount, _stride, 0, Length);

    /// <summary>The per-step scalar state (in the order of <see cref="OptimizerInfo.StepStates"/>); meaningful after
    /// the first step.</summary>
    public ReadOnlySpan<double> StepState => _steps.StepState;

    /// <summary>Takes one step: <paramref name="p"/> is updated in place from gradients <paramref name="g"/>.</summary>
    /// <param name="p">The parameters, <see cref="Length"/> elements.</param>
    /// <param name="g">The gradients, <see cref="Length"/> elements.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, or a rule between hyperparameters fails;
    /// nothing changes.</exception>
    public void Step(Span<T> p, ReadOnlySpan<T> g, KernelPath path = KernelPath.Auto) => Step(p, g, default, path);

    /// <summary>Takes one step reading <paramref name="inputs"/> besides the gradient (see
    /// <see cref="OptimizerInfo.Inputs"/>).</summary>
    /// <param name="p">The parameters, <see cref="Length"/> elements.</param>
    /// <param name="g">The gradients, <see cref="Length"/> elements.</param>
    /// <param name="inputs">The inputs in declaration order, each <see cref="Length"/> elements on a step that reads
    /// it, and otherwise empty or as long.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="ArgumentException">A span has the wrong length, an input the step reads is missing, or a rule
    /// between hyperparameters fails; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The state is in <see cref="OptimizerMode.Eval"/>; nothing
    /// changes.</exception>
    public void Step(Span<T> p, ReadOnlySpan<T> g, InputSpans<T> inputs, KernelPath path = KernelPath.Auto)
    {
        Guard.SameLength(nameof(p), p.Length, Length);
        Guard.SameLength(nameof(g), g.Length, Length);
        if (!KernelPaths.IsDefined(path))
            throw new ArgumentOutOfRangeException(nameof(path), path, "Unknown kernel path.");
        if (Mode == OptimizerMode.Eval) throw Guard.StepInEvalMode(Hyperparameters.Info.Name);
        _steps.Step(p, g, inputs, Spans, path);
    }

    /// <summary>The mode: <see cref="OptimizerMode.Train"/> until <see cref="Eval"/>; steps are refused in
    /// <see cref="OptimizerMode.Eval"/>.</summary>
    public OptimizerMode Mode { get; private set; }

    /// <summary>Enters <see cref="OptimizerMode.Train"/>: an optimizer with a switch
    /// (<see cref="OptimizerInfo.HasModes"/>) moves <paramref name="p"/> back to the point its gradient is taken at,
    /// once the state exists. Nothing happens in train mode already.</summary>
    /// <param name="p">The parameters, <see cref="Length"/> elements, as <see cref="Eval"/> left them.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="ArgumentException"><paramref name="p"/> has the wrong length; nothing changes.</exception>
    public void Train(Span<T> p, KernelPath path = KernelPath.Auto) => EnterMode(OptimizerMode.Train, p, path);

    /// <summary>Enters <see cref="OptimizerMode.Eval"/>: an optimizer with a switch moves <paramref name="p"/> to the
    /// point to evaluate (Schedule-Free: the average x), once the state exists. Nothing happens in eval mode
    /// already.</summary>
    /// <param name="p">The parameters, <see cref="Length"/> elements.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <exception cref="ArgumentException"><paramref name="p"/> has the wrong length; nothing changes.</exception>
    public void Eval(Span<T> p, KernelPath path = KernelPath.Auto) => EnterMode(OptimizerMode.Eval, p, path);

    private void EnterMode(OptimizerMode mode, Span<T> p, KernelPath path)
    {
        Guard.SameLength(nameof(p), p.Length, Length);
        if (!KernelPaths.IsDefined(path))
            throw new ArgumentOutOfRangeException(nameof(path), path, "Unknown kernel path.");
        if (mode == Mode) return;
        _steps.EnterMode(mode, p, Spans, path);
        Mode = mode;
    }

    /// <summary>Forgets every step: the next step is the first again, with buffers initialized anew.</summary>
    public void Reset()
    {
        _steps.Reset();
        _block.AsSpan().Clear();
    }
}
