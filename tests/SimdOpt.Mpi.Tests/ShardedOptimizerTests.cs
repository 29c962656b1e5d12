using System.Numerics;
using SimdOpt.Mpi.Ranks;

namespace SimdOpt.Mpi.Tests;

/// <summary>Sharded steps on in-process ranks against one process stepping the whole buffer with the core's fused step
/// (<c>GradScaler.Step(optimizer, maxNorm)</c>): the trajectory unscales every step, clips every other one (the global
/// norm must have the one-process bits, or the clip coefficient and so every parameter differ), and skips a step with a
/// NaN gradient; with a fixed loss scale, or a <see cref="Training.GradScaler"/> that grows and backs off.</summary>
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

    [Theory]
    [InlineData(1, GradientReduction.None)]
    [InlineData(2, GradientReduction.None)]
    [InlineData(3, GradientReduction.None)]
    [InlineData(4, GradientReduction.None)]
    [InlineData(2, GradientReduction.Mean)]
    [InlineData(3, GradientReduction.Mean)]
    public void Steps_driven_by_a_growing_and_backing_off_scaler_have_the_bits_of_one_process(int ranks,
        GradientReduction reduction)
    {
        var reference = Trajectory<float>.OneProcess(Steps, reduction == GradientReduction.Mean ? ranks : 0,
            dynamicScale: true);
        var scales = new double[ranks];
        var differences = Shard<float>(ranks, reduction, (optimizer, p) => Trajectory<float>.Compare(optimizer, p,
            reference), Trajectory<float>.DynamicScaler, (rank, scaler) => scales[rank] = scaler!.Scale);

        Assert.All(differences, Assert.Null);
        // 1000, doubled after steps 1-2, halved after the skipped step 3, doubled after steps 4-5, then step 6.
        Assert.All(scales, scale => Assert.Equal(2000, scale));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void An_infinity_in_one_ranks_shard_skips_the_step_and_backs_off_the_scale_on_every_rank(int ranks)
    {
        var outcomes = new (ShardedStepResult Result, double Scale, bool Unchanged, long Steps)[ranks];
        InProcessRanks.Run(ranks, world =>
        {
            var optimizer = new ShardedOptimizer<float>(Trajectory<float>.Hyperparameters(),
                Trajectory<float>.TensorLengths, world);
            var scaler = Trajectory<float>.DynamicScaler();
            var options = new ShardedStepOptions { Scaler = scaler, MaxNorm = Trajectory<float>.MaxNorm };
            var p = Trajectory<float>.InitialParameters();
            var g = new float[p.Length];
            Trajectory<float>.Gradients(g, 1, -1, lossScale: scaler.Scale);
            optimizer.Step(p, g, options);
            scaler.Update();
            var before = p.ToArray();
            var state = optimizer.Buffer("exp_avg").ToArray();
            Trajectory<float>.Gradients(g, 2, -1, lossScale: scaler.Scale);
            // Only the last rank holds it, in its own shard: no other rank reads that element.
            if (world.Rank == ranks - 1) g[optimizer.Shard.Start + optimizer.Shard.Length - 1] = float.PositiveInfinity;
            var result = optimizer.Step(p, g, options);
            scaler.Update();
            outcomes[world.Rank] = (result, scaler.Scale,
                p.AsSpan().SequenceEqual(before) && optimizer.Buffer("exp_avg").SequenceEqual(state),
                optimizer.StepCount);
        });

        Assert.All(outcomes, o => Assert.Equal(
            (new ShardedStepResult(double.PositiveInfinity, true, false), Trajectory<float>.LossScale / 2, true, 1L),
            o));
    }

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
        double norm = Training.GradientClipping.ClipGradNormAndStep(oneProcess, 1).TotalNorm;
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

    // Steps the trajectory on in-process ranks (each with its own scaler, when given) and returns each rank's verdict.
    private static string?[] Shard<T>(int ranks, GradientReduction reduction,
        Func<ShardedOptimizer<T>, T[], string?> verdict, Func<Training.GradScaler>? newScaler = null,
        Action<int, Training.GradScaler?>? scalerAtEnd = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var verdicts = new string?[ranks];
        InProcessRanks.Run(ranks, world =>
        {
            var optimizer = new ShardedOptimizer<T>(Trajectory<T>.Hyperparameters(), Trajectory<T>.TensorLengths,
                world);
            var p = Trajectory<T>.InitialParameters();
            var scaler = newScaler?.Invoke();
            Trajectory<T>.StepSharded(optimizer, p, 1, Steps, reduction, scaler);
            verdicts[world.Rank] = verdict(optimizer, p);
            scalerAtEnd?.Invoke(world.Rank, scaler);
        });
        return verdicts;
    }
}
