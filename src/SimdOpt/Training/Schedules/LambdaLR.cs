namespace SimdOpt.Training;

/// <summary>
/// Sets the value to the base value times a factor a delegate computes from the epoch, as
/// <c>torch.optim.lr_scheduler.LambdaLR</c>: <c>base · lrLambda(epoch)</c>, with one delegate for every group or one
/// per group. A checkpoint stores the schedule's epoch and values, not the delegates (torch's <c>state_dict</c>
/// saves no plain function either): create the scheduler with the same delegates before loading.
/// </summary>
public sealed class LambdaLR : FormulaLRScheduler
{
    private readonly Func<long, double>[] _lambdas;

    /// <summary>Creates the schedule with one factor for every group and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="lrLambda">The factor of the base value at an epoch.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="InvalidOperationException">The value at epoch 0 is outside the hyperparameter's
    /// range.</exception>
    public LambdaLR(Optimizer optimizer, Func<long, double> lrLambda, string hyperparameter = "lr")
        : this(optimizer, PerGroup.Repeat(lrLambda, optimizer, nameof(lrLambda)), hyperparameter)
    {
    }

    /// <summary>Creates the schedule with a factor per group and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="lrLambdas">The factor of each group's base value at an epoch, one per group.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter or has no groups, or
    /// <paramref name="lrLambdas"/> does not hold one delegate per group.</exception>
    /// <exception cref="InvalidOperationException">The value at epoch 0 is outside the hyperparameter's
    /// range.</exception>
    public LambdaLR(Optimizer optimizer, IReadOnlyList<Func<long, double>> lrLambdas, string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        _lambdas = PerGroup.Check(lrLambdas, GroupCount, nameof(lrLambdas));
        Start();
    }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        for (int g = 0; g < step.GroupCount; g++) step.Set(g, step.Base(g) * _lambdas[g](step.Epoch));
    }
}
