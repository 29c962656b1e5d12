namespace SimdOpt.Training;

/// <summary>
/// A schedule given by a formula: each step computes every group's new value (torch's <c>get_lr</c>, the chainable
/// form that reads the group's current value, or the closed form from the base value), checks them all, and sets
/// them. Derive from it for a schedule of your own: implement <see cref="Compute"/> and call <see cref="Start"/> at
/// the end of the constructor.
/// </summary>
public abstract class FormulaLRScheduler : LRScheduler
{
    private bool _started;

    /// <summary>Attaches the schedule to an optimizer; the derived constructor finishes with
    /// <see cref="Start"/>.</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    protected FormulaLRScheduler(Optimizer optimizer, string hyperparameter = "lr")
        : base(optimizer, hyperparameter) { }

    /// <summary>
    /// Each group's base value (torch's <c>base_lrs</c>): the group's initial value of the hyperparameter
    /// (<see cref="ParameterGroup.InitialValues"/>), recorded by the first scheduler created on it.
    /// </summary>
    public IReadOnlyList<double> BaseValues => _baseValues;

    /// <inheritdoc/>
    public sealed override void Step()
    {
        if (!_started)
            throw new InvalidOperationException(
                $"{GetType().Name} has not been started: its constructor must end with Start().");
        Advance(LastEpoch + 1, isInitial: false, closedForm: false);
    }

    /// <summary>
    /// Computes the values of step <see cref="ScheduleStep.Epoch"/> and passes them to
    /// <see cref="ScheduleStep.Set(int, double)"/>; a group given no value keeps its current one.
    /// </summary>
    /// <param name="step">The step: its number, whether it is the creation step or asks for the closed form, and each
    /// group's current and base values.</param>
    protected abstract void Compute(ScheduleStep step);

    /// <summary>
    /// Records the base values (each group's initial value, which the first scheduler on the group fixes) and takes
    /// the creation step, epoch 0. Call it once, at the end of the derived constructor.
    /// </summary>
    /// <exception cref="InvalidOperationException">It was already called, or a computed value is out of
    /// range.</exception>
    protected void Start() => StartFrom(initialValues: null);

    /// <summary>
    /// <see cref="Start()"/>, first overwriting each group's initial value with <paramref name="initialValues"/> when
    /// given (as OneCycleLR does). When the creation step is refused, the groups' initial values are put back as they
    /// were.
    /// </summary>
    private protected void StartFrom(double[]? initialValues)
    {
        if (_started) throw new InvalidOperationException($"{GetType().Name} has already been started.");
        var groups = Optimizer.Groups;
        var before = groups
            .Select(g => new Dictionary<string, double>(g.InitialValues, StringComparer.Ordinal))
            .ToArray();
        try
        {
            if (initialValues is not null)
                for (int g = 0; g < groups.Count; g++) groups[g].SetInitialValue(Hyperparameter, initialValues[g]);
            _baseValues = groups.Select(g => g.InitialValue(Hyperparameter)).ToArray();
            LastEpoch = -1;
            Advance(0, isInitial: true, closedForm: false);
        }
        catch
        {
            for (int g = 0; g < groups.Count; g++) groups[g].ReplaceInitialValues(before[g]);
            throw;
        }
        _started = true;
    }

    internal override void InitialStep() => Advance(LastEpoch + 1, isInitial: true, closedForm: false);

    internal override void UndoInitialStep() => LastEpoch--;

    /// <summary>torch's <c>_update_lr(epoch)</c>: jumps to <paramref name="epoch"/>, with the closed form where the
    /// schedule has one.</summary>
    internal void JumpTo(long epoch) => Advance(epoch, isInitial: false, closedForm: true);

    private void Advance(long epoch, bool isInitial, bool closedForm)
    {
        EnsureSameGroups();
        var step = new ScheduleStep(this, epoch, isInitial, closedForm);
        Compute(step);
        step.Apply();
        LastEpoch = epoch;
        _lastValues = CurrentValues();
    }
}
