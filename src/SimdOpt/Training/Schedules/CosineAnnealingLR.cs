namespace SimdOpt.Training;

/// <summary>
/// Anneals the value along a cosine from its base to <c>etaMin</c> over <c>tMax</c> steps, then back up over the next
/// <c>tMax</c> (period <c>2·tMax</c>), as <c>torch.optim.lr_scheduler.CosineAnnealingLR</c>:
/// <c>etaMin + (base - etaMin) · (1 + cos(π · epoch / tMax)) / 2</c>, computed step by step with torch's recurrence.
/// </summary>
public sealed class CosineAnnealingLR : FormulaLRScheduler
{
    /// <summary>Creates the schedule and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="tMax">The number of steps from the base value down to <paramref name="etaMin"/>; at least
    /// 1.</param>
    /// <param name="etaMin">The smallest value; finite and not negative.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tMax"/> is below 1, or <paramref name="etaMin"/>
    /// is negative or not finite.</exception>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0, string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tMax, 1);
        ScheduleGuard.RequireNonNegative(etaMin);
        TMax = tMax;
        EtaMin = etaMin;
        Start();
    }

    /// <summary>The number of steps from the base value down to <see cref="EtaMin"/>.</summary>
    public int TMax { get; }

    /// <summary>The smallest value.</summary>
    public double EtaMin { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        long e = step.Epoch;
        for (int g = 0; g < step.GroupCount; g++)
        {
            if (step.ClosedForm)
                step.Set(g, EtaMin + (step.Base(g) - EtaMin) * (1 + Math.Cos(Math.PI * e / TMax)) / 2);
            else if (step.IsInitial)
                continue;
            else if ((e - 1 - TMax) % (2L * TMax) == 0)
                // The bottom of the cosine, where the recurrence's ratio would divide by zero.
                step.Set(g, step.Current(g) + (step.Base(g) - EtaMin) * (1 - Math.Cos(Math.PI / TMax)) / 2);
            else
                step.Set(g, (1 + Math.Cos(Math.PI * e / TMax)) / (1 + Math.Cos(Math.PI * (e - 1) / TMax))
                    * (step.Current(g) - EtaMin) + EtaMin);
        }
    }
}
