using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// Runs schedules one after another, as <c>torch.optim.lr_scheduler.SequentialLR</c>: the first until the first
/// milestone, where the second restarts from epoch 0 (with its closed form), and so on — e.g. a
/// <see cref="LinearLR"/> warm-up followed by a <see cref="CosineAnnealingLR"/>.
/// </summary>
public sealed class SequentialLR : LRScheduler
{
    private readonly LRScheduler[] _schedulers;
    private readonly long[] _milestones;

    /// <summary>
    /// Composes the schedules (created beforehand on the same optimizer): resets every group to its initial value,
    /// takes back the creation steps of the schedules and restarts the first one.
    /// </summary>
    /// <param name="optimizer">The optimizer every schedule drives.</param>
    /// <param name="schedulers">The schedules, in order; all but the first must be formulas
    /// (<see cref="FormulaLRScheduler"/>).</param>
    /// <param name="milestones">The steps at which the next schedule takes over, increasing and positive; one fewer
    /// than the schedules.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No schedules, schedules of another optimizer or hyperparameter, a
    /// composition after the first, or the wrong number of milestones.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The milestones are not positive and increasing.</exception>
    public SequentialLR(Optimizer optimizer, IReadOnlyList<LRScheduler> schedulers, IReadOnlyList<long> milestones)
        : base(optimizer, First(schedulers, nameof(SequentialLR)).Hyperparameter)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        if (schedulers[0].Optimizer != optimizer)
            throw new ArgumentException("SequentialLR needs schedules of the optimizer it is given.",
                nameof(schedulers));
        if (milestones.Count != schedulers.Count - 1)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"SequentialLR needs one milestone fewer than schedules, "
                + $"but got {schedulers.Count} schedules and {milestones.Count} milestones."), nameof(milestones));
        for (int i = 0; i < milestones.Count; i++)
        {
            if (milestones[i] < 1 || (i > 0 && milestones[i] <= milestones[i - 1]))
                throw new ArgumentOutOfRangeException(nameof(milestones), milestones[i],
                    "The milestones must be positive and increasing.");
        }
        for (int i = 1; i < schedulers.Count; i++)
        {
            if (schedulers[i] is not FormulaLRScheduler)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Schedule {i} is a {schedulers[i].GetType().Name}: "
                    + $"only a formula can be restarted at a milestone."),
                    nameof(schedulers));
        }
        _schedulers = [.. schedulers];
        _milestones = [.. milestones];

        AllOrNothing(() =>
        {
            foreach (var group in optimizer.Groups)
                group.Hyperparameters.SetHyperparameter(Hyperparameter, group.InitialValue(Hyperparameter));
            UndoInitialStep();
            _schedulers[0].InitialStep();
            _lastValues = [.. _schedulers[0].LastValues];
        });
    }

    /// <summary>The schedules, in order.</summary>
    public IReadOnlyList<LRScheduler> Schedulers => _schedulers;

    /// <summary>The steps at which the next schedule takes over.</summary>
    public IReadOnlyList<long> Milestones => _milestones;

    internal override IReadOnlyList<LRScheduler> Children => _schedulers;

    /// <inheritdoc/>
    public override void Step() => AllOrNothing(() =>
    {
        long epoch = LastEpoch + 1;
        int index = 0;
        while (index < _milestones.Length && _milestones[index] <= epoch) index++;
        var scheduler = _schedulers[index];
        if (index > 0 && _milestones[index - 1] == epoch) ((FormulaLRScheduler)scheduler).JumpTo(0);
        else scheduler.Step();
        LastEpoch = epoch;
        _lastValues = [.. scheduler.LastValues];
    });

    internal override void InitialStep() => Step();

    internal override void UndoInitialStep()
    {
        foreach (var scheduler in _schedulers) scheduler.UndoInitialStep();
    }
}
