using SimdOpt.Kernels;
using SimdOpt.Kernels.Internal;
using SimdOpt.Optimizers;

namespace SimdOpt.Tests.BadInput;

/// <summary>
/// The plans' stored step (<see cref="StepPlan{T}.ApplyStored"/>, the low-precision runtime's hook): refused before
/// Prepare and with the wrong number of state buffers, writing nothing; generated exactly for the elementwise
/// optimizers without inputs, and refused by the others.
/// </summary>
public sealed class StoredApplyTests
{
    [Fact]
    public void Applying_a_stored_step_before_prepare_is_refused()
    {
        var plan = new AdamW().CreatePlan<float>();
        var error = Assert.Throws<InvalidOperationException>(() =>
            plan.ApplyStored<NativeStorage, NativeStorage, NativeStorage>(0, 0, new nint[3], 0, KernelPath.Auto));
        Assert.Equal("Call Prepare(t, stepState) before ApplyStored.", error.Message);
    }

    [Fact]
    public void A_stored_step_with_the_wrong_number_of_state_buffers_is_refused_and_writes_nothing()
    {
        var plan = new AdamW().CreatePlan<float>();
        plan.Prepare(1, []);
        float[] p = [1, 2], g = [0.5f, 0.5f];
        var error = Assert.Throws<ArgumentException>(() => Apply(plan, p, g, stateCount: 2));
        Assert.Equal("states", error.ParamName);
        Assert.StartsWith("'adamw' has 3 state buffers, but the state holds 2.", error.Message, StringComparison.Ordinal);
        Assert.Equal([1f, 2f], p);
    }

    [Fact]
    public void Only_elementwise_optimizers_without_inputs_have_a_stored_step()
    {
        Assert.True(new AdamW().CreatePlan<float>().AppliesStored);
        Assert.True(new Sgd().CreatePlan<float>().AppliesStored);
        Assert.False(new Lamb().CreatePlan<float>().AppliesStored);
        Assert.False(new Sophia().CreatePlan<float>().AppliesStored);
        // Not generated for it: the base refuses, whatever the arguments.
        var lamb = new Lamb().CreatePlan<float>();
        Assert.Throws<NotSupportedException>(() =>
            lamb.ApplyStored<NativeStorage, NativeStorage, NativeStorage>(0, 0, new nint[2], 0, KernelPath.Auto));
    }

    private static unsafe void Apply(StepPlan<float> plan, float[] p, float[] g, int stateCount)
    {
        fixed (float* pp = p, gp = g)
            plan.ApplyStored<NativeStorage, NativeStorage, NativeStorage>((nint)pp, (nint)gp, new nint[stateCount],
                p.Length, KernelPath.Auto);
    }
}
