namespace SimdOpt.Training;

/// <summary>
/// Multiplies the value by <c>gamma</c> at each milestone, as <c>torch.optim.lr_scheduler.MultiStepLR</c>:
/// <c>base · gamma^(number of milestones ≤ epoch)</c>. A milestone listed twice decays twice.
/// </summary>
public sealed class MultiStepLR : FormulaLRScheduler
{
    private readonly long[] _milestones;

    /// <summary>Creates the schedule and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="milestones">The steps at which to decay.</param>
    /// <param name="gamma">The decay factor; finite and not negative (a negative factor would make the value
    /// negative).</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is negative or not finite, or a milestone
    /// is negative.</exception>
    public MultiStepLR(Optimizer optimizer, IEnumerable<long> milestones, double gamma = 0.1,
        string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        ScheduleGuard.RequireNonNegative(gamma);
        _milestones = [.. milestones.Order()];
        if (_milestones.Length > 0 && _milestones[0] < 0)
            throw new ArgumentOutOfRangeException(nameof(milestones), _milestones[0],
                "A milestone cannot be negative.");
        Gamma = gamma;
        Start();
    }

    /// <summary>The milestones, sorted.</summary>
    public IReadOnlyList<long> Milestones => _milestones;

    /// <summary>The decay factor.</summary>
    public double Gamma { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        for (int g = 0; g < step.GroupCount; g++)
        {
            if (step.ClosedForm)
            {
                step.Set(g, step.Base(g) * Math.Pow(Gamma, CountUpTo(step.Epoch)));
            }
            else
            {
                int here = CountUpTo(step.Epoch) - CountUpTo(step.Epoch - 1);
                if (here > 0) step.Set(g, step.Current(g) * Math.Pow(Gamma, here));
            }
        }
    }

    // bisect_right(milestones, epoch): how many milestones are at or before epoch.
    private int CountUpTo(long epoch)
    {
        int count = 0;
        while (count < _milestones.Length && _milestones[count] <= epoch) count++;
        return count;
    }
}
