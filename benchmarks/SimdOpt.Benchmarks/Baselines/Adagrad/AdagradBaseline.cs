using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adagrad;

/// <summary>Adagrad as the baselines implement it: sum &lt;- sum + g * g; p &lt;- p - clr * g / (sqrt(sum) + eps), clr
/// = lr / (1 + (t - 1) * lr_decay).</summary>
public abstract class AdagradBaseline : BaselineKernel
{
    /// <summary>The stabilising epsilon.</summary>
    protected readonly float Eps;

    /// <summary>The index of sum.</summary>
    protected readonly int SumIndex;

    private readonly double _lr;
    private readonly double _lrDecay;

    /// <summary>Reads lr, lr_decay and eps; refuses maximize and weight decay.</summary>
    /// <param name="workload">The arrays to update.</param>
    protected AdagradBaseline(Workload workload) : base(workload)
    {
        RequireFlag("maximize", false);
        RequireHyperparameter("weight_decay", v => v == 0, "= 0");
        _lr = Hyperparameter("lr");
        _lrDecay = Hyperparameter("lr_decay");
        Eps = FloatHyperparameter("eps");
        SumIndex = StateIndex("sum");
    }

    /// <summary>The decayed learning rate of the prepared step.</summary>
    protected float DecayedLr { get; private set; }

    /// <inheritdoc/>
    public override void Prepare(long t) => DecayedLr = (float)(_lr / (1 + (t - 1) * _lrDecay));
}
