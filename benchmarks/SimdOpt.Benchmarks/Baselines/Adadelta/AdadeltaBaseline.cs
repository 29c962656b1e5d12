using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Adadelta;

/// <summary>Adadelta as the baselines implement it: sq &lt;- rho * sq + (1 - rho) * g * g; delta = sqrt(acc + eps) /
/// sqrt(sq + eps) * g; acc &lt;- rho * acc + (1 - rho) * delta * delta; p &lt;- p - lr * delta.</summary>
public abstract class AdadeltaBaseline : BaselineKernel
{
    /// <summary>The learning rate.</summary>
    protected readonly float Lr;

    /// <summary>The decay of the running averages.</summary>
    protected readonly float Rho;

    /// <summary>1 - rho.</summary>
    protected readonly float OneMinusRho;

    /// <summary>The stabilising epsilon.</summary>
    protected readonly float Eps;

    /// <summary>The index of square_avg.</summary>
    protected readonly int SquareAverageIndex;

    /// <summary>The index of acc_delta.</summary>
    protected readonly int AccumulatedDeltaIndex;

    /// <summary>Reads lr, rho and eps; refuses maximize and weight decay.</summary>
    /// <param name="workload">The arrays to update.</param>
    protected AdadeltaBaseline(Workload workload) : base(workload)
    {
        RequireFlag("maximize", false);
        RequireHyperparameter("weight_decay", v => v == 0, "= 0");
        Lr = FloatHyperparameter("lr");
        Rho = FloatHyperparameter("rho");
        OneMinusRho = (float)(1 - Hyperparameter("rho"));
        Eps = FloatHyperparameter("eps");
        SquareAverageIndex = StateIndex("square_avg");
        AccumulatedDeltaIndex = StateIndex("acc_delta");
    }

    /// <inheritdoc/>
    public override void Prepare(long t) { }
}
