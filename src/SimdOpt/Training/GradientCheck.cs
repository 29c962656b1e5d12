using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Kernels.Internal;

namespace SimdOpt.Training;

/// <summary>
/// What one read-only pass over every gradient of an optimizer found (<see cref="Optimizer.CheckGradients"/>): the
/// squared L2 norm of the gradients times a scale, per chunk, per group and in total, and whether any scaled element is
/// infinite or NaN. Nothing is written.
/// </summary>
/// <remarks>
/// The sums have the same bits for every thread count and kernel path: each tensor is cut into chunks of 32 Ki
/// elements from its first element, each chunk's sum of squares is computed in double in a fixed lane order (the
/// order of <see cref="GradientClipping.ClipGradNorm"/>), and the chunks' sums are added from 0 in chunk order, tensor
/// by tensor, group by group. A caller holding a shard of the tensors (a rank of a distributed step) gathers the chunk
/// sums of every shard in order and adds them with <see cref="Combine"/>: the total then has the bits one process
/// holding every tensor computes, as long as the shards cut the tensors at chunk boundaries.
/// </remarks>
public sealed class GradientCheck
{
    internal GradientCheck(double[] chunkSumsOfSquares, double[] groupSumsOfSquares, double sumOfSquares,
        bool foundNonFinite)
    {
        ChunkSumsOfSquares = chunkSumsOfSquares;
        GroupSumsOfSquares = groupSumsOfSquares;
        SumOfSquares = sumOfSquares;
        FoundNonFinite = foundNonFinite;
    }

    /// <summary>The sum of the squares of every scaled gradient element.</summary>
    public double SumOfSquares { get; }

    /// <summary>The total L2 norm: the square root of <see cref="SumOfSquares"/>.</summary>
    public double Norm => Math.Sqrt(SumOfSquares);

    /// <summary>The sum of squares of each group's scaled gradients, in group order.</summary>
    public IReadOnlyList<double> GroupSumsOfSquares { get; }

    /// <summary>The sum of squares of each chunk, tensor by tensor in optimizer order: what <see cref="Combine"/>
    /// adds.</summary>
    public IReadOnlyList<double> ChunkSumsOfSquares { get; }

    /// <summary>Whether any scaled gradient element is infinite or NaN (a finite element can overflow when the scale
    /// is above 1).</summary>
    public bool FoundNonFinite { get; }

    /// <summary>
    /// One chunk's part of the check, as <see cref="Optimizer.CheckGradients"/> computes it for each of its chunks:
    /// the sum of squares of <c>g * gradientScale</c> (each product rounded to the element type, squared and added in
    /// double in the fixed lane order), and, when that sum is not finite, whether a product is infinite or NaN (a sum
    /// of finite doubles can overflow). For a caller holding a shard of the tensors, cut at chunk boundaries: its
    /// chunk sums, gathered in chunk order and added with <see cref="Combine"/>, have the bits of one process.
    /// </summary>
    /// <param name="chunk">One chunk of a tensor's gradients: 32 Ki elements from a multiple of 32 Ki of the tensor's
    /// start, or the tensor's last, shorter piece.</param>
    /// <param name="gradientScale">The factor every element is multiplied by first; finite in the element
    /// type.</param>
    /// <param name="path">The code path; every path gives the same bits.</param>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gradientScale"/> is not finite in the element
    /// type.</exception>
    public static (double SumOfSquares, bool FoundNonFinite) CheckChunk<T>(ReadOnlySpan<T> chunk,
        double gradientScale, KernelPath path = KernelPath.Auto) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T factor = Guard.GradientScale<T>(gradientScale);
        double sum = GradientKernels.SumOfSquares(chunk, factor, path);
        return (sum, !double.IsFinite(sum) && GradientKernels.FindNonFinite(chunk, factor, path));
    }

    /// <summary>Adds chunk sums from 0 in the order given: the one order every total of a check is added in.</summary>
    /// <param name="chunkSums">Chunk sums, in chunk order.</param>
    public static double Combine(ReadOnlySpan<double> chunkSums)
    {
        double sum = 0;
        foreach (double chunk in chunkSums) sum += chunk;
        return sum;
    }
}
