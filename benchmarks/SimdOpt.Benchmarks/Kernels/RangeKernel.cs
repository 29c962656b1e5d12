namespace SimdOpt.Benchmarks.Kernels;

/// <summary>
/// Work over a range of elements that is prepared once per step and then applied to the whole range or to disjoint
/// chunks on several threads: an optimizer step, or a memory-bandwidth loop.
/// </summary>
public abstract class RangeKernel
{
    /// <summary>The number of elements one step covers.</summary>
    public abstract int Length { get; }

    /// <summary>Computes the per-step scalars of step <paramref name="t"/> (1 for the first step; steps come in
    /// order).</summary>
    /// <param name="t">The step count.</param>
    public abstract void Prepare(long t);

    /// <summary>Applies the prepared step to elements [<paramref name="start"/>, <paramref name="start"/> +
    /// <paramref name="length"/>).</summary>
    /// <param name="start">The first element.</param>
    /// <param name="length">The number of elements.</param>
    public abstract void Apply(int start, int length);

    /// <summary>Ends the step every chunk has been applied for (a kernel that keeps a step count or step state commits
    /// it here).</summary>
    public virtual void Commit() { }
}
