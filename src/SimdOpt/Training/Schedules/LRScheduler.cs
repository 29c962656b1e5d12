using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// Changes a hyperparameter of every parameter group (the learning rate <c>lr</c> unless told otherwise) as training
/// goes on, with the semantics of <c>torch.optim.lr_scheduler</c>: a scheduler takes its first step when it is
/// created (epoch 0), then one per <see cref="Step"/>. Schedules are formulas (<see cref="FormulaLRScheduler"/>) or
/// compositions of schedules (<see cref="SequentialLR"/>, <see cref="ChainedScheduler"/>).
/// </summary>
public abstract class LRScheduler
{
    private protected double[] _baseValues = [];
    private protected double[] _lastValues;

    private protected LRScheduler(Optimizer optimizer, string hyperparameter)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(hyperparameter);
        if (!optimizer.Info.Hyperparameters.Any(h => h.Name == hyperparameter))
            throw new ArgumentException(
                $"Optimizer '{optimizer.Info.Name}' has no hyperparameter '{hyperparameter}' to schedule. "
                + $"Known: {string.Join(", ", optimizer.Info.Hyperparameters.Select(h => h.Name))}.",
                nameof(hyperparameter));
        if (optimizer.Groups.Count == 0)
            throw new ArgumentException("The optimizer has no parameter group to schedule; add the groups first.",
                nameof(optimizer));
        Optimizer = optimizer;
        Hyperparameter = hyperparameter;
        GroupCount = optimizer.Groups.Count;
        _lastValues = CurrentValues();
    }

    /// <summary>The optimizer whose groups this scheduler drives.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The scheduled hyperparameter (e.g. <c>lr</c>).</summary>
    public string Hyperparameter { get; }

    /// <summary>The number of the last step taken (torch's <c>last_epoch</c>): 0 after construction.</summary>
    public long LastEpoch { get; private protected set; }

    /// <summary>The value each group was given by the last step (torch's <c>get_last_lr()</c>).</summary>
    public IReadOnlyList<double> LastValues => _lastValues;

    /// <summary>Advances the schedule by one step and sets each group's hyperparameter.</summary>
    /// <exception cref="InvalidOperationException">A computed value is outside the hyperparameter's range, the schedule
    /// is over, or groups were added since the scheduler was created; nothing changes.</exception>
    public abstract void Step();

    /// <summary>The last epoch the scheduler can reach: one that a next step can follow, or the end of a finite
    /// schedule.</summary>
    private protected virtual long LastEpochLimit => long.MaxValue - 1;

    /// <summary>The schedulers this one is made of, in order; none for a formula.</summary>
    internal virtual IReadOnlyList<LRScheduler> Children => [];

    /// <summary>The number of groups the scheduler was created for.</summary>
    private protected int GroupCount { get; }

    /// <summary>torch's <c>_initial_step</c>: the step a scheduler takes when created, again when a
    /// <see cref="SequentialLR"/> starts it.</summary>
    internal abstract void InitialStep();

    /// <summary>torch's <c>recursive_undo</c>: takes back the creation step of every formula inside, before a
    /// <see cref="SequentialLR"/> restarts them.</summary>
    internal abstract void UndoInitialStep();

    /// <summary>Each group's current value of the scheduled hyperparameter.</summary>
    private protected double[] CurrentValues()
    {
        EnsureSameGroups();
        return Optimizer.Groups.Select(g => g.Hyperparameters.GetHyperparameter(Hyperparameter)).ToArray();
    }

    private protected void EnsureSameGroups()
    {
        if (Optimizer.Groups.Count != GroupCount)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"The optimizer had {GroupCount} parameter groups when the scheduler was created "
                + $"and has {Optimizer.Groups.Count} now; create a new scheduler."));
    }

    /// <summary>Checks that <paramref name="schedulers"/> can be composed: at least one, each driving the same
    /// optimizer and hyperparameter.</summary>
    private protected static LRScheduler First(IReadOnlyList<LRScheduler> schedulers, string composite)
    {
        ArgumentNullException.ThrowIfNull(schedulers);
        if (schedulers.Count == 0)
            throw new ArgumentException($"{composite} needs at least one scheduler.", nameof(schedulers));
        for (int i = 0; i < schedulers.Count; i++)
        {
            if (schedulers[i] is null)
                throw new ArgumentException($"Scheduler {i.ToString(CultureInfo.InvariantCulture)} is null.",
                    nameof(schedulers));
            if (schedulers[i].Optimizer != schedulers[0].Optimizer
                || schedulers[i].Hyperparameter != schedulers[0].Hyperparameter)
                throw new ArgumentException(
                    $"{composite} needs every scheduler to drive the same optimizer and hyperparameter, "
                    + $"but scheduler {i.ToString(CultureInfo.InvariantCulture)} differs from scheduler 0.",
                    nameof(schedulers));
            if (schedulers[i] is ReduceLROnPlateau)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"{composite} cannot hold a ReduceLROnPlateau (scheduler {i}): it steps on a metric, as in torch."),
                    nameof(schedulers));
        }
        return schedulers[0];
    }

    /// <summary>
    /// Runs <paramref name="change"/> all or nothing: when it throws, every group's hyperparameters and the position of
    /// this scheduler and of every scheduler inside it are put back as they were.
    /// </summary>
    private protected void AllOrNothing(Action change)
    {
        var groups = Optimizer.Groups;
        var names = Optimizer.Info.Hyperparameters.Select(h => h.Name).ToArray();
        double[][] values = groups.Select(g => names.Select(g.Hyperparameters.GetHyperparameter).ToArray()).ToArray();
        var positions = SelfAndDescendants()
            .Select(s => (Scheduler: s, s.LastEpoch, s._baseValues, s._lastValues))
            .ToArray();
        try
        {
            change();
        }
        catch
        {
            // The saved values were accepted once, so setting them back cannot throw.
            for (int g = 0; g < values.Length; g++)
                for (int h = 0; h < names.Length; h++)
                    groups[g].Hyperparameters.SetHyperparameter(names[h], values[g][h]);
            foreach (var (scheduler, lastEpoch, baseValues, lastValues) in positions)
            {
                scheduler.LastEpoch = lastEpoch;
                scheduler._baseValues = baseValues;
                scheduler._lastValues = lastValues;
            }
            throw;
        }
    }

    private IEnumerable<LRScheduler> SelfAndDescendants() =>
        Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);

    /// <summary>Writes the scheduler's kind, position, base and last values, then its children's.</summary>
    internal void WriteCheckpoint(CheckpointWriter writer)
    {
        writer.WriteString(GetType().FullName!);
        writer.WriteInt64(LastEpoch);
        writer.WriteDoubles(_baseValues);
        writer.WriteDoubles(_lastValues);
        WriteState(writer);
        writer.WriteInt32(Children.Count);
        foreach (var child in Children) child.WriteCheckpoint(writer);
    }

    /// <summary>Reads and checks the scheduler's section (and its children's); the returned action commits
    /// it.</summary>
    /// <param name="reader">The reader positioned at the section.</param>
    /// <param name="inComposition">Whether the scheduler is inside a composition, where it may wait at epoch -1 to be
    /// restarted.</param>
    internal Action ReadCheckpoint(CheckpointReader reader, bool inComposition = false)
    {
        string kind = reader.ReadString();
        if (kind != GetType().FullName)
            throw new InvalidDataException(
                $"The checkpoint holds the state of a {kind}, but the scheduler given is a {GetType().FullName}.");
        long lastEpoch = reader.ReadInt64();
        // Creation leaves epoch 0; SequentialLR takes the creation step back (-1) from the schedules it restarts later.
        long firstEpoch = inComposition ? -1 : 0;
        if (lastEpoch < firstEpoch || lastEpoch > LastEpochLimit)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The checkpoint is corrupt: its {GetType().Name} is at epoch {lastEpoch}, "
                + $"but this scheduler can be at epochs {firstEpoch} to {LastEpochLimit}."));
        double[] baseValues = ReadValues(reader, _baseValues.Length, "base values");
        double[] lastValues = ReadValues(reader, _lastValues.Length, "last values");
        Action commitState = ReadState(reader);
        int childCount = reader.ReadInt32();
        if (childCount != Children.Count)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The checkpoint's {GetType().Name} is made of {childCount} schedulers, "
                + $"but the one given of {Children.Count}."));
        Action[] children = Children.Select(c => c.ReadCheckpoint(reader, inComposition: true)).ToArray();
        return () =>
        {
            LastEpoch = lastEpoch;
            _baseValues = baseValues;
            _lastValues = lastValues;
            commitState();
            foreach (var commit in children) commit();
        };
    }

    /// <summary>Writes the state a kind of scheduler keeps beyond its position and values (none for a
    /// formula).</summary>
    private protected virtual void WriteState(CheckpointWriter writer) { }

    /// <summary>Reads and checks what <see cref="WriteState"/> wrote; the returned action commits it.</summary>
    private protected virtual Action ReadState(CheckpointReader reader) => () => { };

    // Base and last values are values the groups' hyperparameter had, so its range holds them.
    private double[] ReadValues(CheckpointReader reader, int count, string what)
    {
        double[] values = reader.ReadDoubles(count, $"{what} of the {GetType().Name}");
        var range = Optimizer.Info.Hyperparameters.First(h => h.Name == Hyperparameter);
        foreach (double value in values)
            if (!range.Accepts(value))
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The checkpoint is corrupt: one of the {what} of its {GetType().Name} "
                    + $"is {Hyperparameter} = {value:R}, outside its range {range.Range}."));
        return values;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{GetType().Name}({Hyperparameter}, last epoch {LastEpoch.ToString(CultureInfo.InvariantCulture)}: "
            + $"{string.Join(", ", _lastValues.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))})";
}
