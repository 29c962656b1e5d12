
namespace SimdOpt.Training;

/// <summary>
/// Multiplies the value by <c>gamma</c> every <c>stepSize</c> steps, as <c>torch.optim.lr_scheduler.StepLR</c>:
/// <c>base · gamma^⌊epoch / stepSize⌋</c>.
/// </summary>
public sealed class StepLR : FormulaLRScheduler
{
    /// <summary>Creates the schedule and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="stepSize">The number of steps between decays; at least 1.</param>
    /// <param name="gamma">The decay factor; finite and not negative (a negative factor would make the value
    /// negative).</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepSize"/> is below 1, or
    /// <paramref name="gamma"/> is negative or not finite.</exception>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1, string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        ScheduleGuard.RequireNonNegative(gamma);
        StepSize = stepSize;
        Gamma = gamma;
        Start();
    }

    /// <summary>The number of steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>The decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        for (int g = 0; g < step.GroupCount; g++)
        {
            if (step.ClosedForm) step.Set(g, step.Base(g) * Math.Pow(Gamma, step.Epoch / StepSize));
            else if (step.Epoch != 0 && step.Epoch % StepSize == 0) step.Set(g, step.Current(g) * Gamma);
        }
    }
}
