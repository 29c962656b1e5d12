using System.Globalization;
using SimdOpt.Kernels;

namespace SimdOpt.Training;

/// <summary>
/// The 1cycle policy, as <c>torch.optim.lr_scheduler.OneCycleLR</c>: the value rises from <c>maxLr / divFactor</c> to
/// <c>maxLr</c> over the first <c>pctStart</c> of <c>totalSteps</c>, then falls to <c>maxLr / divFactor /
/// finalDivFactor</c> (with <c>threePhase</c>, it first falls back to the start, symmetrically, and only then to the
/// minimum). Momentum (<c>beta1</c>, else <c>momentum</c>) is cycled the opposite way between <c>maxMomentum</c> and
/// <c>baseMomentum</c>. Stepping past <c>totalSteps</c> is an error.
/// </summary>
public sealed class OneCycleLR : FormulaLRScheduler
{
    private readonly Phase[] _phases;
    private readonly double[] _maxValues, _minValues, _maxMomentum, _baseMomentum;

    /// <summary>Creates the schedule and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="maxLr">The peak value of every group.</param>
    /// <param name="totalSteps">The number of steps in the cycle; at least 1.</param>
    /// <param name="pctStart">The fraction of the cycle spent rising; in [0, 1], and such that no phase holding one of
    /// the steps 0 to <paramref name="totalSteps"/> is empty.</param>
    /// <param name="annealStrategy">How values move within a phase.</param>
    /// <param name="cycleMomentum">Whether to cycle the momentum too; the optimizer must declare <c>beta1</c> or
    /// <c>momentum</c>.</param>
    /// <param name="baseMomentum">The momentum at the peak of the value.</param>
    /// <param name="maxMomentum">The momentum at the start and end of the cycle.</param>
    /// <param name="divFactor">The start value is <c>maxLr / divFactor</c>, which must lie in the hyperparameter's
    /// range.</param>
    /// <param name="finalDivFactor">The final value is the start value divided by this, which must lie in the
    /// hyperparameter's range.</param>
    /// <param name="threePhase">Use a third phase: rise, fall back to the start, then fall to the minimum.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, has no groups, or has no
    /// momentum to cycle.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is outside its range; nothing changes.</exception>
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true, double baseMomentum = 0.85,
        double maxMomentum = 0.95, double divFactor = 25.0, double finalDivFactor = 1e4, bool threePhase = false,
        string hyperparameter = "lr")
        : this(optimizer, Enumerable.Repeat(maxLr, optimizer?.Groups.Count ?? 0).ToArray(), totalSteps, pctStart,
            annealStrategy, cycleMomentum, baseMomentum, maxMomentum, divFactor, finalDivFactor, threePhase,
            hyperparameter)
    {
    }

    /// <summary>Creates the schedule with a peak value per group and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="maxLr">The peak value of each group, one per group.</param>
    /// <param name="totalSteps">The number of steps in the cycle; at least 1.</param>
    /// <param name="pctStart">The fraction of the cycle spent rising; in [0, 1], and such that no phase holding one of
    /// the steps 0 to <paramref name="totalSteps"/> is empty.</param>
    /// <param name="annealStrategy">How values move within a phase.</param>
    /// <param name="cycleMomentum">Whether to cycle the momentum too; the optimizer must declare <c>beta1</c> or
    /// <c>momentum</c>.</param>
    /// <param name="baseMomentum">The momentum at the peak of the value.</param>
    /// <param name="maxMomentum">The momentum at the start and end of the cycle.</param>
    /// <param name="divFactor">The start value is <c>maxLr / divFactor</c>, which must lie in the hyperparameter's
    /// range.</param>
    /// <param name="finalDivFactor">The final value is the start value divided by this, which must lie in the
    /// hyperparameter's range.</param>
    /// <param name="threePhase">Use a third phase: rise, fall back to the start, then fall to the minimum.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, has no groups or another
    /// number of groups than <paramref name="maxLr"/> has values, or has no momentum to cycle.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is outside its range; nothing changes.</exception>
    public OneCycleLR(Optimizer optimizer, IReadOnlyList<double> maxLr, int totalSteps, double pctStart = 0.3,
        AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true, double baseMomentum = 0.85,
        double maxMomentum = 0.95, double divFactor = 25.0, double finalDivFactor = 1e4, bool threePhase = false,
        string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        ArgumentNullException.ThrowIfNull(maxLr);
        if (maxLr.Count != GroupCount)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"There are {maxLr.Count} peak values for {GroupCount} parameter groups."), nameof(maxLr));
        var scheduled = optimizer.Info.Hyperparameters.First(h => h.Name == hyperparameter);
        foreach (double value in maxLr)
            if (!scheduled.Accepts(value))
                throw new ArgumentOutOfRangeException(nameof(maxLr), value, string.Create(CultureInfo.InvariantCulture,
                    $"A peak value must lie in the range of '{hyperparameter}', {scheduled.Range}, but is {value:R}."));
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ScheduleGuard.RequireInRange(pctStart, 0, 1);
        if (!Enum.IsDefined(annealStrategy))
            throw new ArgumentOutOfRangeException(nameof(annealStrategy), annealStrategy, "Unknown anneal strategy.");
        ScheduleGuard.RequireFinite(baseMomentum);
        ScheduleGuard.RequireFinite(maxMomentum);
        ScheduleGuard.RequireInRange(divFactor, 0, double.MaxValue, minExclusive: true);
        ScheduleGuard.RequireInRange(finalDivFactor, 0, double.MaxValue, minExclusive: true);

        // Everything is checked before anything is set: a refused constructor leaves the groups as they were.
        double[] initialValues = maxLr.Select(max => max / divFactor).ToArray();
        _minValues = initialValues.Select(initial => initial / finalDivFactor).ToArray();
        RequireAccepted(scheduled, initialValues, nameof(divFactor), "start value maxLr / divFactor");
        RequireAccepted(scheduled, _minValues, nameof(finalDivFactor),
            "final value maxLr / divFactor / finalDivFactor");
        MomentumHyperparameter = cycleMomentum ? FindMomentum(optimizer) : null;
        if (MomentumHyperparameter is not null)
        {
            var range = optimizer.Info.Hyperparameters.First(h => h.Name == MomentumHyperparameter);
            if (!range.Accepts(maxMomentum) || !range.Accepts(baseMomentum))
                throw new ArgumentOutOfRangeException(nameof(maxMomentum), maxMomentum,
                    string.Create(CultureInfo.InvariantCulture,
                        $"The momentum bounds {baseMomentum:R} and {maxMomentum:R} must lie in the range "
                        + $"of '{MomentumHyperparameter}', {range.Range}."));
        }

        TotalSteps = totalSteps;
        AnnealStrategy = annealStrategy;
        // torch's _schedule_phases; the end steps are fractional on purpose (pct_start · total_steps - 1).
        _phases = threePhase
            ?
            [
                new(pctStart * totalSteps - 1, PhaseValue.Initial, PhaseValue.Max, PhaseValue.Max, PhaseValue.Base),
                new(2 * pctStart * totalSteps - 2, PhaseValue.Max, PhaseValue.Initial, PhaseValue.Base, PhaseValue.Max),
                new(totalSteps - 1, PhaseValue.Initial, PhaseValue.Min, PhaseValue.Max, PhaseValue.Max),
            ]
            :
            [
                new(pctStart * totalSteps - 1, PhaseValue.Initial, PhaseValue.Max, PhaseValue.Max, PhaseValue.Base),
                new(totalSteps - 1, PhaseValue.Max, PhaseValue.Min, PhaseValue.Base, PhaseValue.Max),
            ];
        RequireNoEmptyPhaseReached(pctStart, totalSteps);
        _maxValues = [.. maxLr];
        _maxMomentum = Enumerable.Repeat(maxMomentum, GroupCount).ToArray();
        _baseMomentum = Enumerable.Repeat(baseMomentum, GroupCount).ToArray();
        // torch overwrites initial_lr (no setdefault); the creation step sets the momentum to its maximum.
        StartFrom(initialValues);
    }

    /// <summary>The number of steps in the cycle.</summary>
    public int TotalSteps { get; }

    /// <summary>How values move within a phase.</summary>
    public AnnealStrategy AnnealStrategy { get; }

    // Stepping past TotalSteps is refused, so no position beyond it exists.
    private protected override long LastEpochLimit => TotalSteps;

    /// <summary>The cycled momentum hyperparameter (<c>beta1</c> or <c>momentum</c>), or null when momentum is not
    /// cycled.</summary>
    public string? MomentumHyperparameter { get; }

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        long stepNumber = step.Epoch;
        if (stepNumber > TotalSteps)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Tried to step {stepNumber} times; the specified number of total steps is {TotalSteps}."));
        for (int g = 0; g < step.GroupCount; g++)
        {
            double startStep = 0;
            for (int i = 0; i < _phases.Length; i++)
            {
                Phase phase = _phases[i];
                if (stepNumber <= phase.EndStep || i == _phases.Length - 1)
                {
                    double pct = (stepNumber - startStep) / (phase.EndStep - startStep);
                    step.Set(g, Anneal(Value(phase.StartValue, g), Value(phase.EndValue, g), pct));
                    if (MomentumHyperparameter is not null)
                        step.Set(g, MomentumHyperparameter,
                            Anneal(Momentum(phase.StartMomentum, g), Momentum(phase.EndMomentum, g), pct));
                    break;
                }
                startStep = phase.EndStep;
            }
        }
    }

    private static void RequireAccepted(HyperparameterInfo scheduled, double[] values, string argument, string what)
    {
        foreach (double value in values)
            if (!scheduled.Accepts(value))
                throw new ArgumentOutOfRangeException(argument, string.Create(CultureInfo.InvariantCulture,
                    $"The {what} is {value:R}, outside the range of '{scheduled.Name}', {scheduled.Range}."));
    }

    // A phase no longer than zero steps divides by zero (torch: ZeroDivisionError) at any step it holds; steps 0 to
    // TotalSteps can be taken, and a step belongs to the first phase whose end it does not pass (the last takes the
    // rest).
    private void RequireNoEmptyPhaseReached(double pctStart, int totalSteps)
    {
        double start = 0;
        for (int i = 0; i < _phases.Length; i++)
        {
            double end = _phases[i].EndStep;
            double firstStep = i == 0 ? 0 : Math.Floor(start) + 1,
                lastStep = i == _phases.Length - 1 ? totalSteps : Math.Floor(end);
            if (end == start && firstStep <= lastStep)
                throw new ArgumentOutOfRangeException(nameof(pctStart), string.Create(CultureInfo.InvariantCulture,
                    $"With pctStart = {pctStart:R} and totalSteps = {totalSteps}, phase {i + 1} of the cycle "
                    + $"has no length but holds step {firstStep:R}."));
            start = end;
        }
    }

    private double Anneal(double start, double end, double pct) => AnnealStrategy == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;

    private double Value(PhaseValue which, int group) => which switch
    {
        PhaseValue.Initial => Optimizer.Groups[group].InitialValues[Hyperparameter],
        PhaseValue.Max => _maxValues[group],
        _ => _minValues[group],
    };

    private double Momentum(PhaseValue which, int group) =>
        which == PhaseValue.Max ? _maxMomentum[group] : _baseMomentum[group];

    // torch cycles betas[0] when the optimizer has betas, else momentum.
    internal static string FindMomentum(Optimizer optimizer)
    {
        foreach (string name in (ReadOnlySpan<string>)["beta1", "momentum"])
            if (optimizer.Info.Hyperparameters.Any(h => h.Name == name)) return name;
        throw new ArgumentException(
            $"Optimizer '{optimizer.Info.Name}' has neither 'beta1' nor 'momentum' to cycle; "
            + "pass cycleMomentum: false.",
            nameof(optimizer));
    }

    private enum PhaseValue { Initial, Max, Min, Base }

    private readonly record struct Phase(double EndStep, PhaseValue StartValue, PhaseValue EndValue,
        PhaseValue StartMomentum, PhaseValue EndMomentum);
}
