using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// Reduces the value when a metric stops improving, as <c>torch.optim.lr_scheduler.ReduceLROnPlateau</c>: each
/// <see cref="Step(double)"/> is given the metric (a validation loss, an accuracy); after more than
/// <c>patience</c> steps in a row without a significant improvement on the best metric, every group's value becomes
/// <c>max(value · factor, minLr)</c> — unless that changes it by <c>eps</c> or less — and the next <c>cooldown</c>
/// steps count no bad epochs. A NaN metric is never an improvement, as in torch. Unlike the formulas, it does not
/// touch the values when created, and it cannot be composed (<see cref="SequentialLR"/>,
/// <see cref="ChainedScheduler"/>). A checkpoint stores the best metric and both counters with the epoch.
/// </summary>
public sealed class ReduceLROnPlateau : LRScheduler
{
    private readonly double[] _minLrs;

    /// <summary>Creates the scheduler with one floor for every group.</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="mode">Whether the metric improves downwards (a loss) or upwards (an accuracy).</param>
    /// <param name="factor">The factor of a reduction; in [0, 1).</param>
    /// <param name="patience">The number of steps without improvement tolerated before a reduction; at least
    /// 0.</param>
    /// <param name="threshold">The improvement that counts (see <paramref name="thresholdMode"/>); finite, not
    /// negative, and below 1 for a relative threshold in <see cref="PlateauMode.Min"/> (at 1, nothing would ever
    /// improve on the first best, infinity).</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative to the best metric or
    /// absolute.</param>
    /// <param name="cooldown">The number of steps after a reduction during which bad epochs are not counted; at least
    /// 0.</param>
    /// <param name="minLr">The floor of every group's value; finite and not negative.</param>
    /// <param name="eps">A reduction that changes a value by this or less is skipped; finite and not
    /// negative.</param>
    /// <param name="hyperparameter">The hyperparameter to reduce.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is outside its range, or a mode is unknown.</exception>
    public ReduceLROnPlateau(Optimizer optimizer, PlateauMode mode = PlateauMode.Min, double factor = 0.1,
        int patience = 10, double threshold = 1e-4, ThresholdMode thresholdMode = ThresholdMode.Rel,
        int cooldown = 0, double minLr = 0, double eps = 1e-8, string hyperparameter = "lr")
        : this(optimizer, PerGroup.Repeat(minLr, optimizer, nameof(minLr)), mode, factor, patience, threshold,
            thresholdMode, cooldown, eps, hyperparameter, minLrName: nameof(minLr))
    {
    }

    /// <summary>Creates the scheduler with a floor per group.</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="minLr">Each group's floor, one per group; finite and not negative.</param>
    /// <param name="mode">Whether the metric improves downwards (a loss) or upwards (an accuracy).</param>
    /// <param name="factor">The factor of a reduction; in [0, 1).</param>
    /// <param name="patience">The number of steps without improvement tolerated before a reduction; at least
    /// 0.</param>
    /// <param name="threshold">The improvement that counts (see <paramref name="thresholdMode"/>); finite, not
    /// negative, and below 1 for a relative threshold in <see cref="PlateauMode.Min"/>.</param>
    /// <param name="thresholdMode">Whether <paramref name="threshold"/> is relative to the best metric or
    /// absolute.</param>
    /// <param name="cooldown">The number of steps after a reduction during which bad epochs are not counted; at least
    /// 0.</param>
    /// <param name="eps">A reduction that changes a value by this or less is skipped; finite and not
    /// negative.</param>
    /// <param name="hyperparameter">The hyperparameter to reduce.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter or has no groups, or
    /// <paramref name="minLr"/> does not hold one value per group.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is outside its range, or a mode is unknown.</exception>
    public ReduceLROnPlateau(Optimizer optimizer, IReadOnlyList<double> minLr, PlateauMode mode = PlateauMode.Min,
        double factor = 0.1, int patience = 10, double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Rel, int cooldown = 0, double eps = 1e-8,
        string hyperparameter = "lr")
        : this(optimizer, minLr, mode, factor, patience, threshold, thresholdMode, cooldown, eps, hyperparameter,
            minLrName: nameof(minLr))
    {
    }

    private ReduceLROnPlateau(Optimizer optimizer, IReadOnlyList<double> minLrs, PlateauMode mode, double factor,
        int patience, double threshold, ThresholdMode thresholdMode, int cooldown, double eps, string hyperparameter,
        string minLrName)
        : base(optimizer, hyperparameter)
    {
        _minLrs = PerGroup.Check(minLrs, GroupCount, minLrName);
        foreach (double minLr in _minLrs) ScheduleGuard.RequireNonNegative(minLr, minLrName);
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown plateau mode.");
        if (!(factor >= 0 && factor < 1))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, string.Create(CultureInfo.InvariantCulture,
                $"'{nameof(factor)}' must lie in [0, 1), but is {factor:R}."));
        ArgumentOutOfRangeException.ThrowIfNegative(patience);
        ScheduleGuard.RequireNonNegative(threshold);
        if (!Enum.IsDefined(thresholdMode))
            throw new ArgumentOutOfRangeException(nameof(thresholdMode), thresholdMode, "Unknown threshold mode.");
        if (mode == PlateauMode.Min && thresholdMode == ThresholdMode.Rel && threshold >= 1)
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, string.Create(
                CultureInfo.InvariantCulture,
                $"A relative threshold in mode Min must be below 1 (no metric improves on infinity · (1 - threshold)),"
                + $" but is {threshold:R}."));
        ArgumentOutOfRangeException.ThrowIfNegative(cooldown);
        ScheduleGuard.RequireNonNegative(eps);
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        Eps = eps;
        Best = WorstMetric;
    }

    /// <summary>Whether the metric improves downwards or upwards.</summary>
    public PlateauMode Mode { get; }

    /// <summary>The factor of a reduction.</summary>
    public double Factor { get; }

    /// <summary>The number of steps without improvement tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The improvement that counts.</summary>
    public double Threshold { get; }

    /// <summary>Whether <see cref="Threshold"/> is relative or absolute.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>The number of steps after a reduction during which bad epochs are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>Each group's floor (torch's <c>min_lrs</c>).</summary>
    public IReadOnlyList<double> MinValues => _minLrs;

    /// <summary>A reduction that changes a value by this or less is skipped.</summary>
    public double Eps { get; }

    /// <summary>The best metric so far (torch's <c>best</c>): infinity in <see cref="PlateauMode.Min"/> and minus
    /// infinity in <see cref="PlateauMode.Max"/> until the first step.</summary>
    public double Best { get; private set; }

    /// <summary>The steps in a row without a significant improvement (torch's <c>num_bad_epochs</c>).</summary>
    public long NumBadEpochs { get; private set; }

    /// <summary>The steps of cooldown left (torch's <c>cooldown_counter</c>).</summary>
    public int CooldownCounter { get; private set; }

    /// <summary>Whether the scheduler is cooling down after a reduction (torch's <c>in_cooldown</c>).</summary>
    public bool InCooldown => CooldownCounter > 0;

    private double WorstMetric => Mode == PlateauMode.Min ? double.PositiveInfinity : double.NegativeInfinity;

    /// <summary>Not available: this scheduler steps on a metric.</summary>
    /// <exception cref="InvalidOperationException">Always: call <see cref="Step(double)"/>.</exception>
    public override void Step() =>
        throw new InvalidOperationException("ReduceLROnPlateau steps on a metric: call Step(metric).");

    /// <summary>Takes the step of one epoch given its metric, reducing every group's value after too long a
    /// plateau.</summary>
    /// <param name="metric">The epoch's metric; a NaN is never an improvement.</param>
    /// <exception cref="InvalidOperationException">A reduced value is outside the hyperparameter's range, or groups
    /// were added since the scheduler was created; nothing changes.</exception>
    public void Step(double metric)
    {
        EnsureSameGroups();
        double best = Best;
        long bad = NumBadEpochs;
        int cooldown = CooldownCounter;
        if (IsBetter(metric, best))
        {
            best = metric;
            bad = 0;
        }
        else
        {
            bad++;
        }
        if (cooldown > 0)
        {
            cooldown--;
            bad = 0;   // bad epochs in cooldown are ignored
        }
        double[] values = CurrentValues();
        if (bad > Patience)
        {
            Reduce(values);
            cooldown = Cooldown;
            bad = 0;
        }

        var groups = Optimizer.Groups;
        for (int g = 0; g < GroupCount; g++) groups[g].Hyperparameters.SetHyperparameter(Hyperparameter, values[g]);
        Best = best;
        NumBadEpochs = bad;
        CooldownCounter = cooldown;
        LastEpoch++;
        _lastValues = values;
    }

    /// <inheritdoc/>
    public override string ToString() => base.ToString() + string.Create(CultureInfo.InvariantCulture,
        $" best {Best:R}, {NumBadEpochs} bad epochs, cooldown {CooldownCounter}");

    internal override void InitialStep() => throw NotComposable();

    internal override void UndoInitialStep() => throw NotComposable();

    private protected override void WriteState(CheckpointWriter writer)
    {
        writer.WriteDouble(Best);
        writer.WriteInt64(NumBadEpochs);
        writer.WriteInt32(CooldownCounter);
    }

    // A step leaves the best metric a metric seen (never NaN) or the start, the bad epochs at most the patience, and
    // no bad epoch during cooldown.
    private protected override Action ReadState(CheckpointReader reader)
    {
        double best = reader.ReadDouble();
        long bad = reader.ReadInt64();
        int cooldown = reader.ReadInt32();
        if (double.IsNaN(best) || bad < 0 || bad > Patience || cooldown < 0 || cooldown > Cooldown
            || (cooldown > 0 && bad > 0))
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"The checkpoint is corrupt: its ReduceLROnPlateau has best {best:R}, {bad} bad epochs and "
                + $"cooldown {cooldown}, which this one (patience {Patience}, cooldown {Cooldown}) cannot reach."));
        return () =>
        {
            Best = best;
            NumBadEpochs = bad;
            CooldownCounter = cooldown;
        };
    }

    private bool IsBetter(double metric, double best) => (Mode, ThresholdMode) switch
    {
        (PlateauMode.Min, ThresholdMode.Rel) => metric < best * (1.0 - Threshold),
        (PlateauMode.Min, _) => metric < best - Threshold,
        (_, ThresholdMode.Rel) => metric > best * (Threshold + 1.0),
        _ => metric > best + Threshold,
    };

    // torch's _reduce_lr: each value becomes max(value · factor, min_lr) when that lowers it by more than eps.
    private void Reduce(double[] values)
    {
        var range = Optimizer.Info.Hyperparameters.First(h => h.Name == Hyperparameter);
        for (int g = 0; g < values.Length; g++)
        {
            double reduced = Math.Max(values[g] * Factor, _minLrs[g]);
            if (!(values[g] - reduced > Eps)) continue;
            if (!range.Accepts(reduced))
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"ReduceLROnPlateau computed {Hyperparameter} = {reduced:R} for group {g} at step "
                    + $"{LastEpoch + 1}, outside its range {range.Range}; nothing was changed."));
            values[g] = reduced;
        }
    }

    private static InvalidOperationException NotComposable() =>
        new("ReduceLROnPlateau steps on a metric and cannot be part of a composition.");
}
