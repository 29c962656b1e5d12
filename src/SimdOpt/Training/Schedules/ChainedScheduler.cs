namespace SimdOpt.Training;

/// <summary>
/// Steps several schedules together, as <c>torch.optim.lr_scheduler.ChainedScheduler</c>: each step steps every
/// schedule in order, so multiplicative schedules (whose chainable forms scale the current value) compose, e.g. a
/// <see cref="LinearLR"/> warm-up times an <see cref="ExponentialLR"/> decay.
/// </summary>
public sealed class ChainedScheduler : LRScheduler
{
    private readonly LRScheduler[] _schedulers;

    /// <summary>Chains schedules created beforehand on the same optimizer.</summary>
    /// <param name="schedulers">The schedules, stepped in this order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="schedulers"/> is null.</exception>
    /// <exception cref="ArgumentException">No schedules, or schedules of different optimizers or
    /// hyperparameters.</exception>
    public ChainedScheduler(IReadOnlyList<LRScheduler> schedulers)
        : base(First(schedulers, nameof(ChainedScheduler)).Optimizer, schedulers[0].Hyperparameter)
    {
        _schedulers = [.. schedulers];
    }

    /// <summary>The schedules, in the order they are stepped.</summary>
    public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

    internal override IReadOnlyList<LRScheduler> Children => _schedulers;

    /// <inheritdoc/>
    public override void Step() => AllOrNothing(() =>
    {
        foreach (var scheduler in _schedulers) scheduler.Step();
        LastEpoch++;
        _lastValues = CurrentValues();
    });

    internal override void InitialStep() => Step();

    internal override void UndoInitialStep()
    {
        foreach (var scheduler in _schedulers) scheduler.UndoInitialStep();
    }
}
