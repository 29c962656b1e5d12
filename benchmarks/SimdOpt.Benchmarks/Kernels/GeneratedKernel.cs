using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Kernels;

/// <summary>The generated kernel on one <see cref="KernelPath"/>, driven through its <see cref="StepPlan{T}"/> as the training runtime drives it.</summary>
public sealed class GeneratedKernel : StepKernel
{
    private readonly StepPlan<float> _plan;
    private readonly double[] _stepState;
    private readonly KernelPath _path;

    /// <summary>Plans steps of the workload's optimizer on <paramref name="path"/>.</summary>
    /// <param name="workload">The arrays to update.</param>
    /// <param name="path">The code path; <see cref="KernelPath.Auto"/> is the dispatching kernel.</param>
    public GeneratedKernel(Workload workload, KernelPath path) : base(workload)
    {
        _plan = workload.Optimizer.CreatePlan<float>();
        _stepState = new double[workload.Optimizer.Info.StepStates.Count];
        workload.Optimizer.InitializeStepState(_stepState);
        _path = path;
    }

    /// <inheritdoc/>
    public override void Prepare(long t) => _plan.Prepare(t, _stepState);

    /// <inheritdoc/>
    public override void Apply(int start, int length) =>
        _plan.Apply(Workload.Parameters.AsSpan(start, length), Workload.Gradients.AsSpan(start, length),
            Workload.States.Slice(start, length), _path);
}
