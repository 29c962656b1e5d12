using SimdOpt.Mpi.Ranks;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Mpi.Tests;

public class BadInputTests
{
    [Fact]
    public void Ranks_given_different_tensor_lengths_all_refuse()
    {
        var errors = new Exception?[3];
        InProcessRanks.Run(3, world => errors[world.Rank] = Record.Exception(() =>
            new ShardedOptimizer<float>(new AdamW(), world.Rank == 2 ? [100, 201] : [100, 200], world)));

        Assert.All(errors, e =>
        {
            var argument = Assert.IsType<ArgumentException>(e);
            Assert.Equal("tensorLengths", argument.ParamName);
            Assert.Contains("Rank 2 was given another optimizer, element type or tensor layout", argument.Message);
        });
    }

    [Fact]
    public void Ranks_given_different_element_types_all_refuse()
    {
        var errors = new Exception?[2];
        InProcessRanks.Run(2, world => errors[world.Rank] = Record.Exception(() =>
        {
            if (world.Rank == 0) _ = new ShardedOptimizer<float>(new AdamW(), [100], world);
            else _ = new ShardedOptimizer<double>(new AdamW(), [100], world);
        }));

        Assert.All(errors, e => Assert.Contains("4-byte elements; rank 1: 1 tensors, 100 elements, 8-byte",
            Assert.IsType<ArgumentException>(e).Message));
    }

    [Fact]
    public void An_optimizer_that_reduces_over_a_tensor_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => InProcessRanks.Run(1, world =>
            _ = new ShardedOptimizer<float>(new Lamb(), [100], world)));

        Assert.Equal("hyperparameters", e.ParamName);
        Assert.Contains("'lamb' is not elementwise", e.Message);
    }

    [Theory]
    [InlineData("parameters")]
    [InlineData("gradients")]
    public void A_buffer_of_the_wrong_length_is_refused_and_nothing_changes(string wrong)
    {
        InProcessRanks.Run(2, world =>
        {
            var optimizer = new ShardedOptimizer<float>(new AdamW(), [100, 200], world);
            var p = Enumerable.Range(0, 300).Select(i => (float)i).ToArray();
            var g = new float[wrong == "gradients" ? 299 : 300];
            var e = Assert.Throws<ArgumentException>(() =>
                optimizer.Step(wrong == "parameters" ? p.AsSpan(1) : p, g));
            Assert.Equal(wrong, e.ParamName);
            Assert.Equal(Enumerable.Range(0, 300).Select(i => (float)i), p);
            Assert.Equal(0, optimizer.StepCount);
        });
    }

    public static TheoryData<ShardedStepOptions, string> BadOptions => new()
    {
        { new ShardedStepOptions { MaxNorm = -1 }, "The largest norm must be zero or positive, but is -1." },
        { new ShardedStepOptions { MaxNorm = double.NaN }, "The largest norm must be zero or positive, but is NaN." },
        { new ShardedStepOptions { InverseScale = 0 }, "must be finite and positive in Single, but is 0." },
        { new ShardedStepOptions { InverseScale = double.PositiveInfinity }, "in Single, but is Infinity." },
        { new ShardedStepOptions { InverseScale = 1e-50 }, "in Single, but is 1E-50." },
        { new ShardedStepOptions { InverseScale = 1e300 }, "in Single, but is 1E+300." },
        { new ShardedStepOptions { Reduction = (GradientReduction)7 }, "Unknown gradient reduction." },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Options_out_of_range_are_refused_and_nothing_changes(ShardedStepOptions options, string message)
    {
        InProcessRanks.Run(1, world =>
        {
            var optimizer = new ShardedOptimizer<float>(new AdamW(), [10], world);
            var p = new float[10];
            p.AsSpan().Fill(1);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.Step(p, new float[10], options));
            Assert.Equal("options", e.ParamName);
            Assert.Contains(message, e.Message);
            Assert.All(p, x => Assert.Equal(1, x));
        });
    }

    public static TheoryData<ShardedStepOptions> OptionsAScalerContradicts => new()
    {
        new ShardedStepOptions { Scaler = new GradScaler(), InverseScale = 0.5 },
        new ShardedStepOptions { Scaler = new GradScaler(), SkipIfNonFinite = false },
    };

    [Theory]
    [MemberData(nameof(OptionsAScalerContradicts))]
    public void A_scaler_with_its_own_inverse_scale_or_without_skipping_is_refused_and_nothing_changes(
        ShardedStepOptions options)
    {
        InProcessRanks.Run(2, world =>
        {
            var optimizer = new ShardedOptimizer<float>(new AdamW(), [10, 20], world);
            var p = new float[30];
            p.AsSpan().Fill(1);
            var e = Assert.Throws<ArgumentException>(() => optimizer.Step(p, new float[30], options));
            Assert.Equal("options", e.ParamName);
            Assert.Contains("takes its inverse scale from the scaler", e.Message);
            Assert.All(p, x => Assert.Equal(1, x));
            Assert.Equal(0, optimizer.StepCount);
            Assert.Throws<InvalidOperationException>(options.Scaler!.Update);
        });
    }

    [Fact]
    public void A_scaler_refuses_a_second_step_before_its_update_on_every_rank()
    {
        InProcessRanks.Run(2, world =>
        {
            var optimizer = new ShardedOptimizer<float>(new AdamW(), [10, 20], world);
            var scaler = new GradScaler();
            var p = new float[30];
            var g = new float[30];
            optimizer.Step(p, g, new ShardedStepOptions { Scaler = scaler });
            var before = p.ToArray();
            var e = Assert.Throws<InvalidOperationException>(() =>
                optimizer.Step(p, g, new ShardedStepOptions { Scaler = scaler }));
            Assert.Contains("Step has already been called", e.Message);
            Assert.Equal(before, p);
            Assert.Equal(1, optimizer.StepCount);
        });
    }

    [Fact]
    public void An_unknown_buffer_or_kernel_path_is_refused_by_name()
    {
        InProcessRanks.Run(1, world =>
        {
            var optimizer = new ShardedOptimizer<float>(new AdamW(), [64], world);
            Assert.Equal("name", Assert.Throws<ArgumentException>(() => optimizer.Buffer("no_such_buffer")).ParamName);
            Assert.Equal("KernelPath", Assert.Throws<ArgumentOutOfRangeException>(() =>
                optimizer.KernelPath = (Kernels.KernelPath)99).ParamName);
            Assert.Equal(Kernels.KernelPath.Auto, optimizer.KernelPath);
        });
    }
}
