using SimdOpt.Kernels;
using SimdOpt.Optimizers;

namespace SimdOpt.Benchmarks.Kernels;

/// <summary>The generated AdamW as a user calls it: the typed, static
/// <see cref="AdamW.Step(AdamW, long, Span{float}, ReadOnlySpan{float}, Span{float}, Span{float}, Span{float}, KernelPath)"/>.</summary>
public sealed class AdamWStepKernel : StepKernel
{
    private readonly AdamW _adamw;
    private readonly KernelPath _path;
    private readonly int _expAvg;
    private readonly int _expAvgSq;
    private readonly int _maxExpAvgSq;
    private long _t;

    /// <summary>Steps the AdamW of <paramref name="workload"/> on <paramref name="path"/>.</summary>
    /// <param name="workload">The arrays to update; its optimizer must be an <see cref="AdamW"/>.</param>
    /// <param name="path">The code path.</param>
    /// <exception cref="ArgumentException">The workload's optimizer is not AdamW.</exception>
    public AdamWStepKernel(Workload workload, KernelPath path) : base(workload)
    {
        _adamw = workload.Hyperparameters as AdamW
            ?? throw new ArgumentException($"The workload's optimizer is '{workload.Hyperparameters.Info.Name}', not adamw.", nameof(workload));
        _path = path;
        _expAvg = workload.StateIndex("exp_avg");
        _expAvgSq = workload.StateIndex("exp_avg_sq");
        _maxExpAvgSq = workload.StateIndex("max_exp_avg_sq");
    }

    /// <inheritdoc/>
    public override void Prepare(long t) => _t = t;

    /// <inheritdoc/>
    public override void Apply(int start, int length) =>
        AdamW.Step(_adamw, _t, Workload.Parameters.AsSpan(start, length), Workload.Gradients.AsSpan(start, length),
            Workload.State(_expAvg).Slice(start, length), Workload.State(_expAvgSq).Slice(start, length),
            Workload.State(_maxExpAvgSq).Slice(start, length), _path);
}
