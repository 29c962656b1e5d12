using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Storage;

/// <summary>
/// Which tensors <see cref="LowPrecisionOptimizer"/> steps in registers (the generated loops over bfloat16 and float32
/// storage) and which it stages. The bits of both are checked elsewhere (<see cref="StagedStepTests"/>: the float
/// kernel on the widened values, every path and thread count); this pins down that the fast step is the one taken, so
/// a change that silently sent every tensor back to staging fails here.
/// </summary>
public sealed class InRegisterStepTests
{
    [Theory]
    [InlineData("adamw", "bf16 states", true)]
    [InlineData("adamw", "bf16 all", true)]
    [InlineData("adamw", "bf16 values", true)]
    [InlineData("sgd+nesterov", "bf16 all", true)]
    [InlineData("lion", "bf16 states", true)]
    [InlineData("adamw", "fp16 states", false)]
    [InlineData("adamw", "q8 states", false)]
    [InlineData("adamw", "fp16 values and gradients, master", false)]
    [InlineData("adamw", "bf16 values, stochastic rounding, q8 states", false)]
    [InlineData("lamb+always_adapt", "bf16 all", false)]
    public void The_tensor_is_stepped_in_registers_exactly_where_it_can_be(string optimizer, string variantName,
        bool expected)
    {
        var variant = StorageVariant.Named(variantName);
        var fixture = new StoredFixture(variant, seed: 1, 100);
        var stored = new LowPrecisionOptimizer(Configurations.Create(optimizer), variant.Options);
        stored.AddGroup(fixture.Parameters());
        Assert.Equal(expected, stored.StepsInRegisters(0, 0));
    }

    [Fact]
    public void A_float32_tensor_is_stepped_in_place_not_in_registers()
    {
        var fixture = new StoredFixture(StorageVariant.Float32, seed: 1, 100);
        var stored = new LowPrecisionOptimizer(Configurations.Create("adamw"), StorageVariant.Float32.Options);
        stored.AddGroup(fixture.Parameters());
        Assert.False(stored.StepsInRegisters(0, 0));
    }
}
