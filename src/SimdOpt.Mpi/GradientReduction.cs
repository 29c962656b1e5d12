namespace SimdOpt.Mpi;

/// <summary>Where the gradients of a <see cref="ShardedOptimizer{T}"/> step come from.</summary>
public enum GradientReduction
{
    /// <summary>Every rank passes the same gradients (already averaged by the caller, or computed on the same data):
    /// each rank reads its own shard of them, and no gradient crosses the network.</summary>
    None,

    /// <summary>Every rank passes the gradients of its own data; the step uses their mean. A reduce-scatter: each rank
    /// receives every rank's gradients of its own shard and adds them in rank order,
    /// <c>(((g0 + g1) + g2) + ...) / ranks</c>, in the element type, so the mean has the same bits whatever the network
    /// did.</summary>
    Mean,
}
