namespace SimdOpt.Training;

/// <summary>What <see cref="CyclicLR"/>'s own scale function is given (torch's <c>scale_mode</c>).</summary>
public enum CyclicScaleMode
{
    /// <summary>The number of the cycle, from 1 (torch's <c>"cycle"</c>).</summary>
    Cycle,

    /// <summary>The epoch: the steps taken since the start (torch's <c>"iterations"</c>).</summary>
    Iterations,
}
