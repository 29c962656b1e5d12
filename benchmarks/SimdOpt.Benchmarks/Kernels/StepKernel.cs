namespace SimdOpt.Benchmarks.Kernels;

/// <summary>One way to take an optimizer step over a <see cref="Workload"/>: the generated kernel on some path, or what
/// a user would write instead.</summary>
public abstract class StepKernel : RangeKernel
{
    /// <summary>Binds the kernel to the arrays it updates.</summary>
    /// <param name="workload">The parameters, gradients and state.</param>
    protected StepKernel(Workload workload)
    {
        ArgumentNullException.ThrowIfNull(workload);
        Workload = workload;
    }

    /// <summary>The arrays this kernel updates.</summary>
    public Workload Workload { get; }

    /// <inheritdoc/>
    public override int Length => Workload.Length;
}
