using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// Cycles the value between <c>baseLr</c> and <c>maxLr</c> (cyclical learning rates), as
/// <c>torch.optim.lr_scheduler.CyclicLR</c>: up over <c>stepSizeUp</c> steps, down over <c>stepSizeDown</c>, with the
/// amplitude scaled per cycle or per step by the <see cref="CyclicMode"/> or a scale function of your own. Momentum
/// (<c>beta1</c>, else <c>momentum</c>) is cycled the opposite way between <c>maxMomentum</c> and
/// <c>baseMomentum</c>. A checkpoint stores the epoch and values, not a scale function: create the scheduler with the
/// same one before loading.
/// </summary>
public sealed class CyclicLR : FormulaLRScheduler
{
    private readonly double[] _maxLrs, _baseMomenta, _maxMomenta;
    private readonly Func<long, double>? _scaleFn;
    private readonly double _totalSize, _stepRatio;

    /// <summary>Creates the schedule with the same bounds for every group, sets each group's value to
    /// <paramref name="baseLr"/> and takes the first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="baseLr">The value at the start of each cycle, within the hyperparameter's range.</param>
    /// <param name="maxLr">The value at the top of a full-amplitude cycle, within the hyperparameter's range.</param>
    /// <param name="stepSizeUp">The number of steps from the start of a cycle to its top; at least 1.</param>
    /// <param name="stepSizeDown">The number of steps from the top back down; at least 0, or null for
    /// <paramref name="stepSizeUp"/>.</param>
    /// <param name="mode">How the amplitude is scaled; ignored when <paramref name="scaleFn"/> is given.</param>
    /// <param name="gamma">The factor per step of <see cref="CyclicMode.ExpRange"/>; finite and not negative.</param>
    /// <param name="scaleFn">The amplitude's scale as a function of the cycle or the epoch (see
    /// <paramref name="scaleMode"/>), or null for <paramref name="mode"/>'s.</param>
    /// <param name="scaleMode">What <paramref name="scaleFn"/> is given; the built-in modes fix their own.</param>
    /// <param name="cycleMomentum">Whether to cycle the momentum too; the optimizer must declare <c>beta1</c> or
    /// <c>momentum</c>.</param>
    /// <param name="baseMomentum">The momentum at the top of a cycle, within the momentum's range.</param>
    /// <param name="maxMomentum">The momentum at the start of a cycle, within the momentum's range.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, has no groups, or has no
    /// momentum to cycle.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is outside its range; nothing changes.</exception>
    public CyclicLR(Optimizer optimizer, double baseLr, double maxLr, int stepSizeUp = 2000, int? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0, Func<long, double>? scaleFn = null,
        CyclicScaleMode scaleMode = CyclicScaleMode.Cycle, bool cycleMomentum = true, double baseMomentum = 0.8,
        double maxMomentum = 0.9, string hyperparameter = "lr")
        : this(optimizer, PerGroup.Repeat(baseLr, optimizer, nameof(baseLr)),
            PerGroup.Repeat(maxLr, optimizer, nameof(maxLr)), stepSizeUp, stepSizeDown, mode, gamma, scaleFn,
            scaleMode, cycleMomentum, PerGroup.Repeat(baseMomentum, optimizer, nameof(baseMomentum)),
            PerGroup.Repeat(maxMomentum, optimizer, nameof(maxMomentum)), hyperparameter)
    {
    }

    /// <summary>Creates the schedule with bounds per group, sets each group's value to its
    /// <paramref name="baseLr"/> and takes the first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="baseLr">Each group's value at the start of each cycle, within the hyperparameter's range.</param>
    /// <param name="maxLr">Each group's value at the top of a full-amplitude cycle, within the hyperparameter's
    /// range.</param>
    /// <param name="stepSizeUp">The number of steps from the start of a cycle to its top; at least 1.</param>
    /// <param name="stepSizeDown">The number of steps from the top back down; at least 0, or null for
    /// <paramref name="stepSizeUp"/>.</param>
    /// <param name="mode">How the amplitude is scaled; ignored when <paramref name="scaleFn"/> is given.</param>
    /// <param name="gamma">The factor per step of <see cref="CyclicMode.ExpRange"/>; finite and not negative.</param>
    /// <param name="scaleFn">The amplitude's scale as a function of the cycle or the epoch (see
    /// <paramref name="scaleMode"/>), or null for <paramref name="mode"/>'s.</param>
    /// <param name="scaleMode">What <paramref name="scaleFn"/> is given; the built-in modes fix their own.</param>
    /// <param name="cycleMomentum">Whether to cycle the momentum too; the optimizer must declare <c>beta1</c> or
    /// <c>momentum</c>.</param>
    /// <param name="baseMomentum">Each group's momentum at the top of a cycle, within the momentum's range; null for
    /// 0.8.</param>
    /// <param name="maxMomentum">Each group's momentum at the start of a cycle, within the momentum's range; null for
    /// 0.9.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, has no groups, has no
    /// momentum to cycle, or a list does not hold one value per group.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is outside its range; nothing changes.</exception>
    public CyclicLR(Optimizer optimizer, IReadOnlyList<double> baseLr, IReadOnlyList<double> maxLr,
        int stepSizeUp = 2000, int? stepSizeDown = null, CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0,
        Func<long, double>? scaleFn = null, CyclicScaleMode scaleMode = CyclicScaleMode.Cycle,
        bool cycleMomentum = true, IReadOnlyList<double>? baseMomentum = null,
        IReadOnlyList<double>? maxMomentum = null, string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        double[] baseLrs = PerGroup.Check(baseLr, GroupCount, nameof(baseLr));
        _maxLrs = PerGroup.Check(maxLr, GroupCount, nameof(maxLr));
        RequireInRange(optimizer, hyperparameter, baseLrs, nameof(baseLr));
        RequireInRange(optimizer, hyperparameter, _maxLrs, nameof(maxLr));
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSizeUp, 1);
        if (stepSizeDown is int down) ArgumentOutOfRangeException.ThrowIfNegative(down, nameof(stepSizeDown));
        if (!Enum.IsDefined(mode))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown cyclic mode.");
        if (!Enum.IsDefined(scaleMode))
            throw new ArgumentOutOfRangeException(nameof(scaleMode), scaleMode, "Unknown scale mode.");
        ScheduleGuard.RequireNonNegative(gamma);
        MomentumHyperparameter = cycleMomentum ? OneCycleLR.FindMomentum(optimizer) : null;
        _baseMomenta = PerGroup.Check(baseMomentum ?? [.. Enumerable.Repeat(0.8, GroupCount)], GroupCount,
            nameof(baseMomentum));
        _maxMomenta = PerGroup.Check(maxMomentum ?? [.. Enumerable.Repeat(0.9, GroupCount)], GroupCount,
            nameof(maxMomentum));
        if (MomentumHyperparameter is not null)
        {
            RequireInRange(optimizer, MomentumHyperparameter, _baseMomenta, nameof(baseMomentum));
            RequireInRange(optimizer, MomentumHyperparameter, _maxMomenta, nameof(maxMomentum));
        }

        StepSizeUp = stepSizeUp;
        StepSizeDown = stepSizeDown ?? stepSizeUp;
        _totalSize = (double)StepSizeUp + StepSizeDown;
        _stepRatio = StepSizeUp / _totalSize;
        Mode = mode;
        Gamma = gamma;
        _scaleFn = scaleFn;
        // torch's built-in modes fix the scale mode; only a scale function of your own takes it.
        ScaleMode = scaleFn is not null ? scaleMode
            : mode == CyclicMode.ExpRange ? CyclicScaleMode.Iterations : CyclicScaleMode.Cycle;

        // torch sets every group's value to base_lr before its first step, then takes base_lr as the base values
        // (the first step itself, at the bottom of the cycle, gives each group its initial value).
        AllOrNothing(() =>
        {
            for (int g = 0; g < GroupCount; g++)
                optimizer.Groups[g].Hyperparameters.SetHyperparameter(hyperparameter, baseLrs[g]);
            Start();
        });
        _baseValues = baseLrs;
    }

    /// <summary>The number of steps from the start of a cycle to its top.</summary>
    public int StepSizeUp { get; }

    /// <summary>The number of steps from the top of a cycle back down.</summary>
    public int StepSizeDown { get; }

    /// <summary>How the amplitude is scaled, unless a scale function was given.</summary>
    public CyclicMode Mode { get; }

    /// <summary>The factor per step of <see cref="CyclicMode.ExpRange"/>.</summary>
    public double Gamma { get; }

    /// <summary>What the scale is a function of: the cycle or the epoch.</summary>
    public CyclicScaleMode ScaleMode { get; }

    /// <summary>The cycled momentum hyperparameter (<c>beta1</c> or <c>momentum</c>), or null when momentum is not
    /// cycled.</summary>
    public string? MomentumHyperparameter { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        long e = step.Epoch;
        double cycle = Math.Floor(1 + e / _totalSize);
        double x = 1.0 + e / _totalSize - cycle;
        double scaleFactor = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
        double scale = Scale(cycle, e);
        for (int g = 0; g < step.GroupCount; g++)
        {
            step.Set(g, step.Base(g) + (_maxLrs[g] - step.Base(g)) * scaleFactor * scale);
            if (MomentumHyperparameter is not null)
                step.Set(g, MomentumHyperparameter, _maxMomenta[g] - (_maxMomenta[g] - _baseMomenta[g]) * scaleFactor
                    * scale);
        }
    }

    private double Scale(double cycle, long epoch)
    {
        if (_scaleFn is not null) return _scaleFn(ScaleMode == CyclicScaleMode.Cycle ? (long)cycle : epoch);
        return Mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => 1 / Math.Pow(2.0, cycle - 1),
            _ => Math.Pow(Gamma, epoch),
        };
    }

    private static void RequireInRange(Optimizer optimizer, string hyperparameter, double[] values, string argument)
    {
        var range = optimizer.Info.Hyperparameters.First(h => h.Name == hyperparameter);
        foreach (double value in values)
            if (!range.Accepts(value))
                throw new ArgumentOutOfRangeException(argument, value, string.Create(CultureInfo.InvariantCulture,
                    $"'{argument}' must lie in the range of '{hyperparameter}', {range.Range}, but is {value:R}."));
    }
}
