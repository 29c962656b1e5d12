using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>The read-only gradient pass: deterministic sums per chunk, group and total, and the non-finite
/// flag.</summary>
public class GradientCheckTests
{
    private static readonly int[] Lengths = [3, 2 * WorkPartition.ChunkLength + 9, 1000, WorkPartition.ChunkLength];

    // Tensor 'first' alone in group 0, the next count - 1 tensors in group 1.
    private static Optimizer<float> TwoGroups(TrainingFixture<float> fixture, int first, int count)
    {
        var optimizer = new Optimizer<float>(new Sgd(), fixture.Parameters(first..(first + 1)));
        optimizer.AddGroup(Enumerable.Range(first + 1, count - 1)
            .Select(i => new Parameter<float>(fixture.Values[i], fixture.Gradients[i])));
        return optimizer;
    }

    [Fact]
    public void The_sums_are_the_same_bits_for_every_thread_count_and_path_and_match_clipping()
    {
        var fixture = new TrainingFixture<float>(seed: 12, Lengths);
        fixture.ComputeGradients(0, scale: 1024);
        var optimizer = TwoGroups(fixture, 0, 4);
        optimizer.MaxDegreeOfParallelism = 1;
        optimizer.KernelPath = KernelPath.Scalar;
        var reference = optimizer.CheckGradients(1.0 / 1024);
        Assert.False(reference.FoundNonFinite);
        // Chunks: 1 in group 0, then 3 + 1 + 1 in group 1.
        Assert.Equal(6, reference.ChunkSumsOfSquares.Count);
        Assert.Equal(GradientCheck.Combine([.. reference.ChunkSumsOfSquares]), reference.SumOfSquares);
        Assert.Equal(reference.ChunkSumsOfSquares[0], reference.GroupSumsOfSquares[0]);
        Assert.Equal(GradientCheck.Combine([.. reference.ChunkSumsOfSquares.Skip(1)]), reference.GroupSumsOfSquares[1]);
        foreach (int threads in new[] { 1, 2, 3 })
            foreach (var path in Enum.GetValues<KernelPath>())
            {
                optimizer.MaxDegreeOfParallelism = threads;
                optimizer.KernelPath = path;
                var check = optimizer.CheckGradients(1.0 / 1024);
                Assert.Equal(reference.ChunkSumsOfSquares, check.ChunkSumsOfSquares);
                Assert.Equal(reference.GroupSumsOfSquares, check.GroupSumsOfSquares);
                Assert.Equal(reference.SumOfSquares, check.SumOfSquares);
            }
        // The same bits as the clipping norm of the gradients unscaled in place, and nothing written before that.
        var copy = fixture.Gradients.Select(g => g.ToArray()).ToArray();
        new GradScaler(initScale: 1024).Unscale(optimizer);
        Assert.Equal(reference.Norm, GradientClipping.ClipGradNorm(optimizer, double.PositiveInfinity));
        Assert.NotEqual(copy[1][5], fixture.Gradients[1][5]);
    }

    [Fact]
    public void Shards_cut_at_tensor_boundaries_combine_into_the_whole_s_total()
    {
        var fixture = new TrainingFixture<float>(seed: 13, Lengths);
        fixture.ComputeGradients(3);
        var whole = TwoGroups(fixture, 0, 4).CheckGradients();
        var first = TwoGroups(fixture, 0, 2).CheckGradients();
        var second = TwoGroups(fixture, 2, 2).CheckGradients();
        double[] gathered = [.. first.ChunkSumsOfSquares, .. second.ChunkSumsOfSquares];
        Assert.Equal(whole.ChunkSumsOfSquares, gathered);
        Assert.Equal(whole.SumOfSquares, GradientCheck.Combine(gathered));
    }

    [Theory]
    [InlineData(float.PositiveInfinity, 1.0)]
    [InlineData(float.NaN, 1.0)]
    [InlineData(3e38f, 2.0)]   // finite, but infinite once multiplied by 2
    public void A_non_finite_scaled_value_is_found_and_nothing_is_written(float planted, double scale)
    {
        var fixture = new TrainingFixture<float>(seed: 14, Lengths);
        fixture.ComputeGradients(1);
        fixture.Gradients[1][WorkPartition.ChunkLength + 3] = planted;
        var copy = fixture.Gradients.Select(g => g.ToArray()).ToArray();
        var optimizer = TwoGroups(fixture, 0, 4);
        optimizer.MaxDegreeOfParallelism = 2;
        var check = optimizer.CheckGradients(scale);
        Assert.True(check.FoundNonFinite);
        Assert.False(double.IsFinite(check.ChunkSumsOfSquares[2]));
        Assert.True(double.IsFinite(check.GroupSumsOfSquares[0]));
        Assert.False(double.IsFinite(check.GroupSumsOfSquares[1]));
        Bitwise.Equal(copy, fixture.Gradients, "gradients");
        Assert.Equal(!float.IsFinite(planted), optimizer.CheckGradients(1.0).FoundNonFinite);
    }
}
