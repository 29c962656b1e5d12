using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Rprop;

/// <summary>
/// Rprop as the baselines implement it: with a = g * prev, the step size grows by eta_plus where a &gt; 0, shrinks by
/// eta_minus where a &lt; 0 (and the gradient is dropped there), is clamped to its bounds; p &lt;- p - sign(g) * step;
/// prev &lt;- g.
/// </summary>
public abstract class RpropBaseline : BaselineKernel
{
    /// <summary>The step-size factor on a sign change.</summary>
    protected readonly float EtaMinus;

    /// <summary>The step-size factor while the sign holds.</summary>
    protected readonly float EtaPlus;

    /// <summary>The smallest step size.</summary>
    protected readonly float StepSizeMin;

    /// <summary>The largest step size.</summary>
    protected readonly float StepSizeMax;

    /// <summary>The index of prev.</summary>
    protected readonly int PreviousIndex;

    /// <summary>The index of step_size.</summary>
    protected readonly int StepSizeIndex;

    /// <summary>Reads the etas and the step-size bounds; refuses maximize.</summary>
    /// <param name="workload">The arrays to update (step sizes start at lr).</param>
    protected RpropBaseline(Workload workload) : base(workload)
    {
        RequireFlag("maximize", false);
        EtaMinus = FloatHyperparameter("eta_minus");
        EtaPlus = FloatHyperparameter("eta_plus");
        StepSizeMin = FloatHyperparameter("step_size_min");
        StepSizeMax = FloatHyperparameter("step_size_max");
        PreviousIndex = StateIndex("prev");
        StepSizeIndex = StateIndex("step_size");
    }

    /// <inheritdoc/>
    public override void Prepare(long t) { }
}
