namespace SimdOpt.Training;

/// <summary>
/// Multiplies the value every step by a factor a delegate computes from the epoch, as
/// <c>torch.optim.lr_scheduler.MultiplicativeLR</c>: <c>value · lrLambda(epoch)</c> from epoch 1 on, with one delegate
/// for every group or one per group. A checkpoint stores the schedule's epoch and values, not the delegates (torch's
/// <c>state_dict</c> saves no plain function either): create the scheduler with the same delegates before loading.
/// </summary>
public sealed class MultiplicativeLR : FormulaLRScheduler
{
    private readonly Func<long, double>[] _lambdas;

    /// <summary>Creates the schedule with one factor for every group and takes its first step (epoch 0, which
    /// keeps the values).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="lrLambda">The factor the value is multiplied by at an epoch.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    public MultiplicativeLR(Optimizer optimizer, Func<long, double> lrLambda, string hyperparameter = "lr")
        : this(optimizer, PerGroup.Repeat(lrLambda, optimizer, nameof(lrLambda)), hyperparameter)
    {
    }

    /// <summary>Creates the schedule with a factor per group and takes its first step (epoch 0, which keeps the
    /// values).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="lrLambdas">The factor each group's value is multiplied by at an epoch, one per group.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter or has no groups, or
    /// <paramref name="lrLambdas"/> does not hold one delegate per group.</exception>
    public MultiplicativeLR(Optimizer optimizer, IReadOnlyList<Func<long, double>> lrLambdas,
        string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        _lambdas = PerGroup.Check(lrLambdas, GroupCount, nameof(lrLambdas));
        Start();
    }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        // torch has no closed form here: a jump to an epoch multiplies by that epoch's factor too.
        if (step.Epoch <= 0) return;
        for (int g = 0; g < step.GroupCount; g++) step.Set(g, step.Current(g) * _lambdas[g](step.Epoch));
    }
}
