using SimdOpt.Benchmarks.Kernels;

namespace SimdOpt.Benchmarks.Baselines.Sgd;

/// <summary>SGD with momentum and dampening, as the baselines implement it: buf &lt;- g on step 1, else momentum * buf
/// + (1 - dampening) * g; p &lt;- p - lr * buf.</summary>
public abstract class SgdBaseline : BaselineKernel
{
    /// <summary>The learning rate.</summary>
    protected readonly float Lr;

    /// <summary>The momentum factor.</summary>
    protected readonly float Momentum;

    /// <summary>1 - dampening.</summary>
    protected readonly float OneMinusDampening;

    /// <summary>The index of momentum_buffer.</summary>
    protected readonly int BufferIndex;

    /// <summary>Reads lr, momentum and dampening; refuses Nesterov, maximize, weight decay and zero momentum.</summary>
    /// <param name="workload">The arrays to update.</param>
    protected SgdBaseline(Workload workload) : base(workload)
    {
        RequireFlag("nesterov", false);
        RequireFlag("maximize", false);
        RequireHyperparameter("weight_decay", v => v == 0, "= 0");
        RequireHyperparameter("momentum", v => v > 0, "> 0");
        Lr = FloatHyperparameter("lr");
        Momentum = FloatHyperparameter("momentum");
        OneMinusDampening = (float)(1 - Hyperparameter("dampening"));
        BufferIndex = StateIndex("momentum_buffer");
    }

    /// <summary>Whether the prepared step is the first, where the buffer takes the gradient as it is.</summary>
    protected bool FirstStep { get; private set; }

    /// <inheritdoc/>
    public override void Prepare(long t) => FirstStep = t == 1;
}
