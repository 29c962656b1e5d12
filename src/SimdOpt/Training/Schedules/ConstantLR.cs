namespace SimdOpt.Training;

/// <summary>
/// Multiplies the base value by a constant factor until <c>totalIters</c>, then gives it back, as
/// <c>torch.optim.lr_scheduler.ConstantLR</c>: <c>base · factor</c> before epoch <c>totalIters</c>, <c>base</c> from
/// it on, computed step by step with torch's recurrence (divided by <c>factor</c> at <c>totalIters</c>).
/// </summary>
public sealed class ConstantLR : FormulaLRScheduler
{
    /// <summary>Creates the schedule and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="factor">The factor until <paramref name="totalIters"/>; in (0, 1] (torch's [0, 1], less 0, which
    /// the division at <paramref name="totalIters"/> would turn into a NaN).</param>
    /// <param name="totalIters">The epoch from which the base value is given back; at least 1.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is outside (0, 1], or
    /// <paramref name="totalIters"/> is below 1.</exception>
    public ConstantLR(Optimizer optimizer, double factor = 1.0 / 3, int totalIters = 5, string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        ScheduleGuard.RequireInRange(factor, 0, 1, minExclusive: true);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalIters, 1);
        Factor = factor;
        TotalIters = totalIters;
        Start();
    }

    /// <summary>The factor until <see cref="TotalIters"/>.</summary>
    public double Factor { get; }

    /// <summary>The epoch from which the base value is given back.</summary>
    public int TotalIters { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        long e = step.Epoch;
        for (int g = 0; g < step.GroupCount; g++)
        {
            if (step.ClosedForm)
                step.Set(g, step.Base(g) * (Factor + (e >= TotalIters ? 1 : 0) * (1 - Factor)));
            else if (e == 0)
                step.Set(g, step.Current(g) * Factor);
            else if (e == TotalIters)
                step.Set(g, step.Current(g) * (1.0 / Factor));
        }
    }
}
