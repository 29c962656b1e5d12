namespace SimdOpt.Training;

/// <summary>
/// Multiplies the base value by a factor going linearly from <c>startFactor</c> to <c>endFactor</c> over
/// <c>totalIters</c> steps, then keeps it: linear warm-up, as <c>torch.optim.lr_scheduler.LinearLR</c>:
/// <c>base · (startFactor + (endFactor - startFactor) · min(totalIters, epoch) / totalIters)</c>, computed step by
/// step with torch's recurrence.
/// </summary>
public sealed class LinearLR : FormulaLRScheduler
{
    /// <summary>Creates the schedule and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="startFactor">The factor at epoch 0; in (0, 1].</param>
    /// <param name="endFactor">The factor from <paramref name="totalIters"/> on; in [0, 1].</param>
    /// <param name="totalIters">The number of steps the factor takes to reach <paramref name="endFactor"/>; at least
    /// 1.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A factor is outside its range, or <paramref name="totalIters"/> is
    /// below 1.</exception>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5,
        string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        ScheduleGuard.RequireInRange(startFactor, 0, 1, minExclusive: true);
        ScheduleGuard.RequireInRange(endFactor, 0, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalIters, 1);
        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
        Start();
    }

    /// <summary>The factor at epoch 0.</summary>
    public double StartFactor { get; }

    /// <summary>The factor from <see cref="TotalIters"/> on.</summary>
    public double EndFactor { get; }

    /// <summary>The number of steps the factor takes to reach <see cref="EndFactor"/>.</summary>
    public int TotalIters { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        long e = step.Epoch;
        for (int g = 0; g < step.GroupCount; g++)
        {
            if (step.ClosedForm)
                step.Set(g, step.Base(g)
                    * (StartFactor + (EndFactor - StartFactor) * Math.Min(TotalIters, e) / TotalIters));
            else if (e == 0)
                step.Set(g, step.Current(g) * StartFactor);
            else if (!step.IsInitial && e <= TotalIters)
                step.Set(g, step.Current(g) * (1.0 + (EndFactor - StartFactor)
                    / (TotalIters * StartFactor + (e - 1) * (EndFactor - StartFactor))));
        }
    }
}
