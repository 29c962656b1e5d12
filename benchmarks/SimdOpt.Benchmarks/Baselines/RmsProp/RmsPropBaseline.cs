using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.RmsProp;

/// <summary>RMSprop with momentum, not centred, as the baselines implement it: sq &lt;- alpha * sq + (1 - alpha) * g *
/// g; buf &lt;- momentum * buf + g / (sqrt(sq) + eps); p &lt;- p - lr * buf.</summary>
public abstract class RmsPropBaseline : BaselineKernel
{
    /// <summary>The learning rate.</summary>
    protected readonly float Lr;

    /// <summary>The smoothing constant.</summary>
    protected readonly float Alpha;

    /// <summary>1 - alpha.</summary>
    protected readonly float OneMinusAlpha;

    /// <summary>The stabilising epsilon.</summary>
    protected readonly float Eps;

    /// <summary>The momentum factor.</summary>
    protected readonly float Momentum;

    /// <summary>The index of square_avg.</summary>
    protected readonly int SquareAverageIndex;

    /// <summary>The index of momentum_buffer.</summary>
    protected readonly int BufferIndex;

    /// <summary>Reads lr, alpha, eps and momentum; refuses centred, maximize, weight decay and zero momentum.</summary>
    /// <param name="workload">The arrays to update.</param>
    protected RmsPropBaseline(Workload workload) : base(workload)
    {
        RequireFlag("centered", false);
        RequireFlag("maximize", false);
        RequireHyperparameter("weight_decay", v => v == 0, "= 0");
        RequireHyperparameter("momentum", v => v > 0, "> 0");
        Lr = FloatHyperparameter("lr");
        Alpha = FloatHyperparameter("alpha");
        OneMinusAlpha = (float)(1 - Hyperparameter("alpha"));
        Eps = FloatHyperparameter("eps");
        Momentum = FloatHyperparameter("momentum");
        SquareAverageIndex = StateIndex("square_avg");
        BufferIndex = StateIndex("momentum_buffer");
    }

    /// <inheritdoc/>
    public override void Prepare(long t) { }
}
