using SimdOpt.Optimizers;
using SimdOpt.Precision;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Storage;

/// <summary>A storage that cannot work is refused when the group is added, naming the problem, and adds
/// nothing.</summary>
public sealed class StorageBadInputTests
{
    [Fact]
    public void An_unknown_state_buffer_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new LowPrecisionOptimizer(new AdamW(), new StorageOptions
        {
            StateStorages = new Dictionary<string, StorageKind> { ["momentum"] = StorageKind.BFloat16 },
        }));
        Assert.Equal("storage", e.ParamName);
        Assert.StartsWith("The storage names state buffer 'momentum', but optimizer 'adamw' declares only exp_avg, "
            + "exp_avg_sq, max_exp_avg_sq.", e.Message);
    }

    [Fact]
    public void Stochastic_rounding_with_master_weights_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new LowPrecisionOptimizer(new AdamW(),
            new StorageOptions { MasterWeights = true, StochasticRounding = true }));
        Assert.StartsWith("Stochastic rounding is for bfloat16 parameters without master weights", e.Message);
    }

    [Fact]
    public void Stochastic_rounding_of_float16_values_is_refused_and_adds_no_group()
    {
        var optimizer = new LowPrecisionOptimizer(new AdamW(), new StorageOptions { StochasticRounding = true });
        var e = Assert.Throws<ArgumentException>(() =>
            optimizer.AddGroup([new StoredParameter(new Half[4], new float[4])]));
        Assert.Equal("storage", e.ParamName);
        Assert.StartsWith("Tensor 0 holds Float16 values, but stochastic rounding rounds to BFloat16 only", e.Message);
        Assert.Empty(optimizer.Groups);
    }

    [Fact]
    public void Overlapping_buffers_of_different_types_are_refused()
    {
        var values = new BFloat16[8];
        var optimizer = new LowPrecisionOptimizer(new AdamW());
        var e = Assert.Throws<ArgumentException>(() => optimizer.AddGroup(
            [new StoredParameter(values, values)]));
        Assert.Contains("is the same memory as", e.Message);
        Assert.Empty(optimizer.Groups);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new StoredParameter(new BFloat16[3], new float[4]));
        Assert.Equal("gradient", e.ParamName);
    }

    [Fact]
    public void An_optimizer_with_inputs_is_refused()
    {
        var e = Assert.Throws<NotSupportedException>(() => new LowPrecisionOptimizer(new Sophia()));
        Assert.Contains("hessian_estimate", e.Message);
    }

    [Fact]
    public void An_optimizer_with_a_train_eval_switch_is_refused()
    {
        var e = Assert.Throws<NotSupportedException>(() => new LowPrecisionOptimizer(new ScheduleFreeAdamW()));
        Assert.Contains("'schedulefree_adamw' has a train/eval switch", e.Message);
    }
}
