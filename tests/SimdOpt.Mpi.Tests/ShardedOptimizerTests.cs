using System.Numerics;
using SimdOpt.Mpi.Ranks;

namespace SimdOpt.Mpi.Tests;

/// <summary>Sharded steps on in-process ranks against one process stepping the whole buffer: the trajectory unscales
/// every step, clips every other one (the global norm must have the one-process bits, or the clipped gradients and so
/// every parameter differ), and skips a step with a NaN gradient.</summary>
public class ShardedOptimizerTests
{
    private const int Steps = 6;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Float_steps_have_the_bits_of_one_process(int ranks) => SameBits<float>(ranks, GradientReduction.None);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Double_steps_have_the_bits_of_one_process(int ranks) => SameBits<double>(ranks, GradientReduction.None);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_reduce_scatter_mean_has_the_bits_of_one_process_averaging_in_rank_order(int ranks) =>
        SameBits<float>(ranks, GradientReduction.Mean);

    [Fact]
    public void The_comparison_sees_a_trajectory_one_step_short()
    {
        var reference = Trajectory<float>.OneProcess(Steps - 1, 0);
        var differences = Shard<float>(2, GradientReduction.None, (optimizer, p) =>
            Trajectory<float>.Compare(optimizer, p, reference));

        Assert.All(differences, Assert.NotNull);
    }

    [Fact]
    public void The_step_reports_the_global_norm_and_a_skipped_step_on_every_rank()
    {
        var results = new ShardedStepResult[3][];
        InProcessRanks.Run(3, world =>
        {
            var optimizer = new ShardedOptimizer<float>(Trajectory<float>.Hyperparameters(),
                Trajectory<float>.TensorLengths, world);
            var p = Trajectory<float>.InitialParameters();
            var g = new float[p.Length];
            var r = new ShardedStepResult[2];
            Trajectory<float>.Gradients(g, 2, -1);
            r[0] = optimizer.Step(p, g, new ShardedStepOptions { MaxNorm = 1 });
            var before = p.ToArray();
            Trajectory<float>.Gradients(g, 3, -1, nan: true);
            r[1] = optimizer.Step(p, g, new ShardedStepOptions { MaxNorm = 1 });
            Assert.Equal(before, p);
            Assert.Equal(1, optimizer.StepCount);
            results[world.Rank] = r;
        });

        var g2 = new float[Trajectory<float>.ElementCount];
        Trajectory<float>.Gradients(g2, 2, -1);
        var buffer = new Training.ParameterBuffer<float>(Trajectory<float>.TensorLengths);
        g2.CopyTo(buffer.Gradients);
        var oneProcess = new Training.Optimizer<float>(Trajectory<float>.Hyperparameters(), buffer.Parameters);
        double norm = Training.GradientClipping.ClipGradNorm(oneProcess, 1);
        Assert.All(results, r =>
        {
            Assert.Equal(new ShardedStepResult(norm, false, true), r[0]);
            Assert.True(r[1].FoundNonFinite);
            Assert.False(r[1].Stepped);
        });
    }

    private static void SameBits<T>(int ranks, GradientReduction reduction)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var reference = Trajectory<T>.OneProcess(Steps, reduction == GradientReduction.Mean ? ranks : 0);
        var differences = Shard<T>(ranks, reduction, (optimizer, p) => Trajectory<T>.Compare(optimizer, p, reference));

        Assert.All(differences, Assert.Null);
    }

    // Steps the trajectory on in-process ranks and returns each rank's verdict.
    private static string?[] Shard<T>(int ranks, GradientReduction reduction,
        Func<ShardedOptimizer<T>, T[], string?> verdict) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var verdicts = new string?[ranks];
        InProcessRanks.Run(ranks, world =>
        {
            var optimizer = new ShardedOptimizer<T>(Trajectory<T>.Hyperparameters(), Trajectory<T>.TensorLengths,
                world);
            var p = Trajectory<T>.InitialParameters();
            Trajectory<T>.StepSharded(optimizer, p, 1, Steps, reduction);
            verdicts[world.Rank] = verdict(optimizer, p);
        });
        return verdicts;
    }
}
