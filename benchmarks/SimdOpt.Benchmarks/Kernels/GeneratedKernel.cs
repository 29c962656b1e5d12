using SimdOpt.Kernels;

namespace SimdOpt.Benchmarks.Kernels;

/// <summary>The generated kernel on one <see cref="KernelPath"/>, driven through its <see cref="StepProtocol{T}"/> as
/// the training runtime drives a group.</summary>
public sealed class GeneratedKernel : StepKernel
{
    private readonly StepProtocol<float> _steps;
    private readonly KernelPath _path;

    /// <summary>Steps the workload's optimizer on <paramref name="path"/>, from a state that has taken no
    /// step.</summary>
    /// <param name="workload">The arrays to update.</param>
    /// <param name="path">The code path; <see cref="KernelPath.Auto"/> is the dispatching kernel.</param>
    public GeneratedKernel(Workload workload, KernelPath path) : base(workload)
    {
        _steps = new StepProtocol<float>(workload.Hyperparameters);
        _path = path;
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException"><paramref name="t"/> is not the protocol's next step.</exception>
    public override void Prepare(long t)
    {
        if (t != _steps.StepCount + 1)
            throw new InvalidOperationException($"Step {t} asked for, but the kernel's next step is {_steps.StepCount + 1}.");
        _steps.Prepare();
    }

    /// <inheritdoc/>
    public override void Apply(int start, int length) =>
        _steps.Apply(Workload.Parameters.AsSpan(start, length), Workload.Gradients.AsSpan(start, length),
            Workload.States.Slice(start, length), _path);

    /// <inheritdoc/>
    public override void Commit() => _steps.Commit();
}
