namespace SimdOpt.Training;

/// <summary>
/// Decays the value along a polynomial to 0 at <c>totalIters</c>, then keeps it, as
/// <c>torch.optim.lr_scheduler.PolynomialLR</c>: <c>base · (1 - min(totalIters, epoch) / totalIters)^power</c>,
/// computed step by step with torch's recurrence.
/// </summary>
public sealed class PolynomialLR : FormulaLRScheduler
{
    /// <summary>Creates the schedule and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="totalIters">The number of steps to reach 0; at least 1.</param>
    /// <param name="power">The power of the polynomial; finite and not negative (a negative power would make the
    /// value infinite at <paramref name="totalIters"/>).</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="totalIters"/> is below 1, or
    /// <paramref name="power"/> is negative or not finite.</exception>
    public PolynomialLR(Optimizer optimizer, int totalIters = 5, double power = 1.0, string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalIters, 1);
        ScheduleGuard.RequireNonNegative(power);
        TotalIters = totalIters;
        Power = power;
        Start();
    }

    /// <summary>The number of steps to reach 0.</summary>
    public int TotalIters { get; }

    /// <summary>The power of the polynomial.</summary>
    public double Power { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        long e = step.Epoch;
        for (int g = 0; g < step.GroupCount; g++)
        {
            if (step.ClosedForm)
                step.Set(g, step.Base(g) * Math.Pow(1.0 - (double)Math.Min(TotalIters, e) / TotalIters, Power));
            else if (e != 0 && e <= TotalIters)
                step.Set(g, step.Current(g)
                    * Math.Pow((1.0 - (double)e / TotalIters) / (1.0 - (double)(e - 1) / TotalIters), Power));
        }
    }
}
