using System.Globalization;

namespace SimdOpt.Training;

/// <summary>
/// Anneals each group's value towards <c>swaLr</c> over <c>annealEpochs</c> steps and then keeps it, as
/// <c>torch.optim.swa_utils.SWALR</c> (torch 1.13 and 2.x): the schedule that runs beside
/// <see cref="AveragedParameters{T}"/> with <see cref="Averaging.Swa"/>.
/// </summary>
/// <remarks>
/// Step <c>s</c> (the epoch; <c>max(1, s)</c> when <c>annealEpochs</c> is 0) computes, as torch's <c>get_lr</c> does,
/// <c>alpha = anneal(clamp(s / max(1, annealEpochs), 0, 1))</c> and the same of <c>s - 1</c>, <c>prevAlpha</c>; it
/// recovers the value the schedule started from out of the group's <em>current</em> value, <c>start = (current -
/// prevAlpha · swaLr) / (1 - prevAlpha)</c> (<c>swaLr</c> when <c>prevAlpha</c> is 1), and sets
/// <c>swaLr · alpha + start · (1 - alpha)</c>. So a change of the value between steps carries over, as in torch.
/// <c>anneal</c> is <c>(1 - cos(π t)) / 2</c> for <see cref="AnnealStrategy.Cos"/> and <c>t</c> for
/// <see cref="AnnealStrategy.Linear"/>.
/// </remarks>
public sealed class SWALR : FormulaLRScheduler
{
    private readonly double[] _swaValues;

    /// <summary>Creates the schedule with one target value for every group and takes its first step (epoch
    /// 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="swaLr">The value every group is annealed to (torch's <c>swa_lr</c>); inside the hyperparameter's
    /// range.</param>
    /// <param name="annealEpochs">The number of steps the annealing takes; 0 or more (0: the value is
    /// <paramref name="swaLr"/> at once).</param>
    /// <param name="annealStrategy">The shape of the annealing.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="swaLr"/> is outside the hyperparameter's range,
    /// <paramref name="annealEpochs"/> is negative, or <paramref name="annealStrategy"/> is not defined.</exception>
    public SWALR(Optimizer optimizer, double swaLr, int annealEpochs = 10,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos, string hyperparameter = "lr")
        : this(optimizer, Repeat(optimizer, swaLr), annealEpochs, annealStrategy, hyperparameter, nameof(swaLr)) { }

    /// <summary>Creates the schedule with a target value per group and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="swaLrs">The value each group is annealed to, one per group.</param>
    /// <param name="annealEpochs">The number of steps the annealing takes; 0 or more.</param>
    /// <param name="annealStrategy">The shape of the annealing.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, has no groups, or another
    /// number of groups than <paramref name="swaLrs"/> has values.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value of <paramref name="swaLrs"/> is outside the
    /// hyperparameter's range, <paramref name="annealEpochs"/> is negative, or <paramref name="annealStrategy"/> is not
    /// defined.</exception>
    public SWALR(Optimizer optimizer, IReadOnlyList<double> swaLrs, int annealEpochs = 10,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos, string hyperparameter = "lr")
        : this(optimizer, swaLrs, annealEpochs, annealStrategy, hyperparameter, nameof(swaLrs)) { }

    private SWALR(Optimizer optimizer, IReadOnlyList<double> swaLrs, int annealEpochs, AnnealStrategy annealStrategy,
        string hyperparameter, string swaArgument)
        : base(optimizer, hyperparameter)
    {
        ArgumentNullException.ThrowIfNull(swaLrs, swaArgument);
        if (swaLrs.Count != optimizer.Groups.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"'{swaArgument}' has {swaLrs.Count} values, but the optimizer has {optimizer.Groups.Count} groups."),
                swaArgument);
        var range = optimizer.Info.Hyperparameters.First(h => h.Name == hyperparameter);
        foreach (double value in swaLrs)
            if (!range.Accepts(value))
                throw new ArgumentOutOfRangeException(swaArgument, value, string.Create(CultureInfo.InvariantCulture,
                    $"'{swaArgument}' must lie in the range of '{hyperparameter}', {range.Range}, but is {value:R}."));
        ArgumentOutOfRangeException.ThrowIfNegative(annealEpochs);
        if (!Enum.IsDefined(annealStrategy))
            throw new ArgumentOutOfRangeException(nameof(annealStrategy), annealStrategy, "Unknown anneal strategy.");
        _swaValues = [.. swaLrs];
        AnnealEpochs = annealEpochs;
        AnnealStrategy = annealStrategy;
        Start();
    }

    /// <summary>The value each group is annealed to (torch's <c>group["swa_lr"]</c>).</summary>
    public IReadOnlyList<double> SwaValues => _swaValues;

    /// <summary>The number of steps the annealing takes.</summary>
    public int AnnealEpochs { get; }

    /// <summary>The shape of the annealing.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        // torch's step is _step_count - 1, which is the epoch here (SWALR has no closed form).
        long s = AnnealEpochs == 0 ? Math.Max(1, step.Epoch) : step.Epoch;
        double span = Math.Max(1, AnnealEpochs);
        double previousAlpha = Anneal(Math.Clamp((s - 1) / span, 0, 1));
        double alpha = Anneal(Math.Clamp(s / span, 0, 1));
        for (int g = 0; g < step.GroupCount; g++)
        {
            double swa = _swaValues[g];
            double start = previousAlpha == 1 ? swa : (step.Current(g) - previousAlpha * swa) / (1 - previousAlpha);
            step.Set(g, swa * alpha + start * (1 - alpha));
        }
    }

    private double Anneal(double t) =>
        AnnealStrategy == AnnealStrategy.Cos ? (1 - Math.Cos(Math.PI * t)) / 2 : t;

    private static double[] Repeat(Optimizer optimizer, double value)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Enumerable.Repeat(value, optimizer.Groups.Count).ToArray();
    }
}
