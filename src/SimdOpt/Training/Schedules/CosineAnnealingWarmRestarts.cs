namespace SimdOpt.Training;

/// <summary>
/// Anneals the value along a cosine from its base to <c>etaMin</c> over <c>t0</c> steps, then restarts from the base,
/// each period <c>tMult</c> times longer than the one before (SGDR), as
/// <c>torch.optim.lr_scheduler.CosineAnnealingWarmRestarts</c>: <c>etaMin + (base - etaMin) · (1 + cos(π · tCur /
/// tI)) / 2</c>, where <c>tI</c> is the length of the current period and <c>tCur</c> the steps taken in it. Steps are
/// whole (torch's <c>step()</c>; its fractional <c>step(epoch)</c> form has no counterpart here), so the period and
/// the position in it follow from the epoch and a checkpoint needs nothing more.
/// </summary>
public sealed class CosineAnnealingWarmRestarts : FormulaLRScheduler
{
    /// <summary>Creates the schedule and takes its first step (epoch 0).</summary>
    /// <param name="optimizer">The optimizer whose groups to drive.</param>
    /// <param name="t0">The length of the first period, in steps; at least 1.</param>
    /// <param name="tMult">The factor by which each period is longer than the one before; at least 1.</param>
    /// <param name="etaMin">The smallest value; finite and not negative.</param>
    /// <param name="hyperparameter">The hyperparameter to schedule.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The optimizer declares no such hyperparameter, or has no groups.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t0"/> or <paramref name="tMult"/> is below 1, or
    /// <paramref name="etaMin"/> is negative or not finite.</exception>
    public CosineAnnealingWarmRestarts(Optimizer optimizer, int t0, int tMult = 1, double etaMin = 0,
        string hyperparameter = "lr")
        : base(optimizer, hyperparameter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t0, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tMult, 1);
        ScheduleGuard.RequireNonNegative(etaMin);
        T0 = t0;
        TMult = tMult;
        EtaMin = etaMin;
        Start();
    }

    /// <summary>The length of the first period, in steps (torch's <c>T_0</c>).</summary>
    public int T0 { get; }

    /// <summary>The factor by which each period is longer than the one before (torch's <c>T_mult</c>).</summary>
    public int TMult { get; }

    /// <summary>The smallest value.</summary>
    public double EtaMin { get; }

    /// <summary>The steps taken in the current period (torch's <c>T_cur</c>).</summary>
    public long PeriodStep => Period(LastEpoch).Step;

    /// <summary>The length of the current period (torch's <c>T_i</c>).</summary>
    public long PeriodLength => Period(LastEpoch).Length;

    /// <inheritdoc/>
    protected override void Compute(ScheduleStep step)
    {
        var (tCur, tI) = Period(step.Epoch);
        for (int g = 0; g < step.GroupCount; g++)
            step.Set(g, EtaMin + (step.Base(g) - EtaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2);
    }

    // torch's step(): T_cur += 1, and on reaching T_i, T_cur -= T_i and T_i *= T_mult; from epoch 0 (T_cur 0,
    // T_i T_0) that is this walk over the periods. A period too long for a long holds every epoch that is left.
    private (long Step, long Length) Period(long epoch)
    {
        long length = T0, step = Math.Max(epoch, 0);
        if (TMult == 1) return (step % length, length);
        while (step >= length)
        {
            step -= length;
            length = length > long.MaxValue / TMult ? long.MaxValue : length * TMult;
        }
        return (step, length);
    }
}
