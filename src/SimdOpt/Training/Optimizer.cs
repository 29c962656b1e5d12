using System.Globalization;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// An optimizer over many parameter tensors in parameter groups, as a torch.optim optimizer: it owns every state
/// buffer, counts steps, and steps all groups in one call. It works with every generated optimizer through
/// <see cref="OptimizerHyperparameters"/>. The element type is fixed by <see cref="Optimizer{T}"/>; this base is what
/// schedules, clipping, loss scaling and checkpoints work on. An optimizer takes one call at a time (each call spreads
/// its own work over threads): a <see cref="Step()"/>, a clipping or loss-scaling pass or an <c>AddGroup</c> made while
/// another of them is running, from another thread, throws <see cref="InvalidOperationException"/> instead of
/// corrupting the state.
/// </summary>
public abstract partial class Optimizer
{
    private readonly List<ParameterGroup> _groups = [];
    private int _maxDegreeOfParallelism = Environment.ProcessorCount;
    private KernelPath _kernelPath = KernelPath.Auto;

    private protected Optimizer(OptimizerHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        Defaults = hyperparameters.Clone();
    }

    /// <summary>
    /// The hyperparameters and flags a group starts from when it is added without its own (torch's <c>defaults</c>):
    /// a copy of those passed to the constructor. Changing them affects groups added later, not existing ones.
    /// </summary>
    public OptimizerHyperparameters Defaults { get; }

    /// <summary>The optimizer's declaration: name, hyperparameters, flags, state buffers.</summary>
    public OptimizerInfo Info => Defaults.Info;

    /// <summary>The element type of every tensor: <see cref="float"/> or <see cref="double"/>.</summary>
    public abstract Type ElementType { get; }

    /// <summary>The parameter groups, in the order they were added.</summary>
    public IReadOnlyList<ParameterGroup> Groups => _groups;

    /// <summary>The number of tensors over all groups.</summary>
    public int TensorCount => _groups.Sum(g => g.TensorCount);

    /// <summary>The number of parameter elements over all groups.</summary>
    public long ElementCount => _groups.Sum(g => g.ElementCount);

    /// <summary>
    /// How many threads a step (and clipping, and unscaling) may use; by default every core. Results are the same
    /// bits for every value: the work is split at the same places, on whole vectors, whatever the thread count.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative; the setting keeps its
    /// value.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            if (value < 1)
                throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value,
                    string.Create(CultureInfo.InvariantCulture,
                        $"The degree of parallelism must be at least 1 (one thread), but is {value}."));
            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>The kernel code path of every step; <see cref="KernelPath.Auto"/> (the widest this machine accelerates)
    /// by default. Every path gives the same bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a <see cref="Kernels.KernelPath"/>; the setting
    /// keeps its value.</exception>
    public KernelPath KernelPath
    {
        get => _kernelPath;
        set
        {
            if (!KernelPaths.IsDefined(value))
                throw new ArgumentOutOfRangeException(nameof(KernelPath), value, "Unknown kernel path.");
            _kernelPath = value;
        }
    }

    /// <summary>
    /// Takes one step for every group: each group prepares its step from its current hyperparameters (once), then all
    /// tensors are updated from their gradients, spread over up to <see cref="MaxDegreeOfParallelism"/> threads.
    /// </summary>
    /// <exception cref="ArgumentException">A declared rule between a group's hyperparameters fails; nothing
    /// changes.</exception>
    /// <exception cref="InvalidOperationException">Another call of this optimizer is running on another thread, or the
    /// optimizer is in <see cref="OptimizerMode.Eval"/>; nothing changes.</exception>
    public void Step()
    {
        using var call = BeginExclusiveCall();
        StepUnderCall(1D);
    }

    /// <summary>The optimizer's mode: <see cref="OptimizerMode.Train"/> until <see cref="Eval"/> is called. Only an
    /// optimizer that declares a switch (<see cref="OptimizerInfo.HasModes"/>, Schedule-Free) moves its parameters
    /// between modes, but every optimizer refuses to step in eval mode.</summary>
    public OptimizerMode Mode { get; private protected set; }

    /// <summary>Enters <see cref="OptimizerMode.Train"/>: an optimizer with a switch moves every tensor whose state
    /// exists back to the point its gradient is taken at (Schedule-Free: y). Nothing happens in train mode already, so
    /// calling it again is harmless, as torch's schedulefree <c>train()</c>.</summary>
    /// <exception cref="InvalidOperationException">Another call of this optimizer is running on another
    /// thread.</exception>
    public void Train() => EnterMode(OptimizerMode.Train);

    /// <summary>Enters <see cref="OptimizerMode.Eval"/> to evaluate or save the model: an optimizer with a switch moves
    /// every tensor whose state exists to the point to evaluate (Schedule-Free: the average x). Nothing happens in
    /// eval mode already; <see cref="Step()"/> is refused until <see cref="Train"/>.</summary>
    /// <exception cref="InvalidOperationException">Another call of this optimizer is running on another
    /// thread.</exception>
    public void Eval() => EnterMode(OptimizerMode.Eval);

    /// <summary>Runs the switch into <paramref name="mode"/> over every tensor, unless the optimizer is in it
    /// already.</summary>
    private protected abstract void EnterMode(OptimizerMode mode);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Info.Name} over {TensorCount} tensors ({ElementCount} {ElementType.Name} elements) "
        + $"in {_groups.Count} groups");

    private protected void AddGroupCore(ParameterGroup group) => _groups.Add(group);

    /// <summary>The sum of the squares of every gradient element, accumulated in double in an order no thread count
    /// changes.</summary>
    internal abstract double GradientSumOfSquares();

    /// <summary>The largest absolute gradient element (NaN when any is NaN), or 0 without gradients.</summary>
    internal abstract double GradientMaxAbs();

    /// <summary>Multiplies every gradient element by <paramref name="factor"/> (rounded to the element type).</summary>
    internal abstract void ScaleGradients(double factor);

    /// <summary>Clamps every gradient element to [-limit, limit].</summary>
    internal abstract void ClampGradients(double limit);

    /// <summary>Multiplies every gradient element by <paramref name="inverseScale"/>, and tells whether any was
    /// infinite or NaN before.</summary>
    internal abstract bool UnscaleGradients(double inverseScale);

    /// <summary>Writes groups, step counts, step states and state buffers (and the parameters, when asked).</summary>
    internal abstract void WriteCheckpoint(CheckpointWriter writer, bool includeParameters);

    /// <summary>Reads and checks a checkpoint section into scratch storage; the returned action commits it and cannot
    /// fail.</summary>
    /// <exception cref="InvalidDataException">The section is corrupt or made for another optimizer; nothing
    /// changed.</exception>
    internal abstract Action ReadCheckpoint(CheckpointReader reader);
}
