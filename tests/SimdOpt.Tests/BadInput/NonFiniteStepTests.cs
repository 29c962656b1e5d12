using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>
/// Hyperparameters inside their ranges that make a per-step value of the update infinite or NaN are refused when the
/// step is prepared, naming them, with nothing written. A NaN that only data can cause (Adam with eps = 0 and a zero
/// gradient divides 0 by 0 in that element, as torch does) is not refusable before the loop and is not refused.
/// </summary>
public sealed class NonFiniteStepTests
{
    /// <summary>AdamW(lr: 1e200, weight_decay: 1e200): 1 - lr * weight_decay is -inf. The static Step names
    /// both.</summary>
    [Fact]
    public void AdamW_Step_refuses_an_infinite_decay_factor()
    {
        var adamw = new AdamW(lr: 1e200, weightDecay: 1e200);
        var w = Refusal.Workspace<float>(AdamW.Descriptor);
        var e = Refusal.Check<ArgumentException, float>(w, () => AdamW.Step(adamw, 1, w.P, w.G(0), w.Buffer(0), w.Buffer(1), default), "hyperparameters");
        Assert.Equal("At step 1 the hyperparameters lr, weight_decay make a per-step value of the update -Infinity, which is not finite in the element type; "
            + "nothing was changed. (Parameter 'hyperparameters')", e.Message);
    }

    /// <summary>A value finite in double but beyond float's range is refused for float and accepted for
    /// double.</summary>
    [Fact]
    public void A_value_that_overflows_only_float_is_refused_only_for_float()
    {
        var adamw = new AdamW(lr: 1e39, weightDecay: 0);
        var w = Refusal.Workspace<float>(AdamW.Descriptor);
        var e = Refusal.Check<ArgumentException, float>(w, () => AdamW.Step(adamw, 1, w.P, w.G(0), w.Buffer(0), w.Buffer(1), default), "hyperparameters");
        Assert.Contains("the hyperparameters lr, beta1 make", e.Message);
        var d = Refusal.Workspace<double>(AdamW.Descriptor);
        AdamW.Step(adamw, 1, d.P, d.G(0), d.Buffer(0), d.Buffer(1), default);
    }

    /// <summary>A plan refuses in Prepare (lr beyond float) and keeps its step count and the per-step state.</summary>
    [Fact]
    public void A_plan_refuses_in_Prepare_and_keeps_its_prepared_step()
    {
        var nadam = new NAdam();
        var plan = nadam.CreatePlan<float>();
        var stepState = new double[NAdam.Descriptor.StepStates.Count];
        nadam.InitializeStepState(stepState);
        plan.Prepare(1, stepState);
        var prepared = stepState.ToArray();
        nadam.Lr = 1e39;
        var e = Assert.Throws<ArgumentException>(() => plan.Prepare(2, stepState));
        Assert.Equal("hyperparameters", e.ParamName);
        Assert.Contains("lr", e.Message);
        Bits.Equal(prepared, stepState, "the per-step state after the refused Prepare");
        Assert.Equal(1, plan.Step);
    }

    /// <summary>OptimizerState refuses, and its buffers, step state and step count stay as they were.</summary>
    [Fact]
    public void OptimizerState_refuses_and_changes_nothing()
    {
        var adamw = new AdamW();
        var (state, p) = Refusal.SteppedState(adamw);
        adamw.Lr = 1e200;
        adamw.WeightDecay = 1e200;
        var g = new float[p.Length];
        Refusal.Check<ArgumentException, float>(state, p, () => state.Step(p, g), "hyperparameters");
    }

    /// <summary>Adam with eps = 0 is accepted: its coefficients are finite; a zero gradient then gives NaN in that
    /// element only, as in torch.</summary>
    [Fact]
    public void Adam_with_zero_eps_is_not_refused()
    {
        var (p, g, m, v) = (new[] { 1f, 2f }, new[] { 0f, 0.5f }, new float[2], new float[2]);
        Adam.Step(new Adam(eps: 0), 1, p, g, m, v, default);
        Assert.True(float.IsNaN(p[0]));
        Assert.True(float.IsFinite(p[1]));
    }
}
