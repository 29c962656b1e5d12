namespace SimdOpt.Training;

/// <summary>Multiplies the value by <c>gamma</c> every step, as <c>torch.optim.lr_scheduler.ExponentialLR</c>: <c>base
/// · gamma^epoch</c>.</summary>
public sealed class ExponentialLR : FormulaLRScheduler
{
    /// <summary>Creates the schedule and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="gamma">The decay factor; finite and not negative (a negative factor would make the value
    /// negative).</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is negative or not finite.</exception>
    public ExponentialLR(Optimizer optimizer, double gamma, string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        ScheduleGuard.RequireNonNegative(gamma);
        Gamma = gamma;
        Start();
    }

    /// <summary>The decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        for (int g = 0; g < step.GroupCount; g++)
        {
            if (step.ClosedForm) step.Set(g, step.Base(g) * Math.Pow(Gamma, step.Epoch));
            else if (!step.IsInitial) step.Set(g, step.Current(g) * Gamma);
        }
    }
}
