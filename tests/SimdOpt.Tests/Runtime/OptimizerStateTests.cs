using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Runtime;

/// <summary>
/// <see cref="OptimizerState{T}"/>: buffers take their initial values at the first step, from the hyperparameters of
/// that moment (as torch.optim's lazy state does); every step reads the optimizer's current hyperparameters; Reset
/// starts over.
/// </summary>
public sealed class OptimizerStateTests
{
    /// <summary>Adagrad's sum starts at the initial_accumulator_value set after the state was made, not at the value of
    /// construction.</summary>
    [Fact]
    public void Adagrad_sum_starts_at_initial_accumulator_value_at_the_first_step()
    {
        var adagrad = new Adagrad(lr: 0.1);
        var state = new OptimizerState<float>(adagrad, 3);
        adagrad.InitialAccumulatorValue = 0.25;
        float[] p = [1, -2, 3], g = [0.5f, 0, -4];
        state.Step(p, g);
        Assert.Equal([0.25f + 0.25f, 0.25f, 0.25f + 16], state.Buffer("sum").ToArray());

        adagrad.InitialAccumulatorValue = 7;
        state.Step(p, [0, 0, 0]);
        Assert.Equal([0.5f, 0.25f, 16.25f], state.Buffer("sum").ToArray());
    }

    /// <summary>Rprop's step sizes start at lr of the first step; with no previous gradient, the first step is lr
    /// against the gradient's sign.</summary>
    [Fact]
    public void Rprop_step_size_starts_at_lr_at_the_first_step()
    {
        var rprop = new Rprop();
        var state = new OptimizerState<double>(rprop, 4);
        rprop.Lr = 0.125;
        double[] p = [1, 1, 1, 1], g = [2, -3, 0, -0.0];
        state.Step(p, g);
        Assert.Equal([0.125, 0.125, 0.125, 0.125], state.Buffer("step_size").ToArray());
        Assert.Equal([1 - 0.125, 1 + 0.125, 1, 1], p);
        Assert.Equal(g, state.Buffer("prev").ToArray());

        state.Step(p, [1, 3, 0, 0]);
        Assert.Equal([0.125 * 1.2, 0.125 * 0.5, 0.125, 0.125], state.Buffer("step_size").ToArray());
    }

    /// <summary>A step reads the optimizer's hyperparameters as they are now: the state does not copy them.</summary>
    [Fact]
    public void Steps_read_the_current_hyperparameters()
    {
        var sgd = new Sgd(lr: 0.5);
        var state = new OptimizerState<double>(sgd, 1);
        double[] p = [1];
        state.Step(p, [1]);
        sgd.Lr = 0.25;
        state.Step(p, [1]);
        Assert.Equal(0.25, p[0]);
        Assert.Equal(2, state.StepCount);
    }

    /// <summary>NAdam's per-step state is the running product of mu_t, kept in double across steps.</summary>
    [Fact]
    public void NAdam_step_state_is_the_product_of_mu()
    {
        var nadam = new NAdam();
        var state = new OptimizerState<float>(nadam, 2);
        double product = 1;
        for (int t = 1; t <= 3; t++)
        {
            state.Step(new float[2], [1, -1]);
            product *= nadam.Beta1 * (1 - 0.5 * Math.Pow(0.96, t * nadam.MomentumDecay));
        }
        Assert.Equal(product, state.StepState[0], 15);
    }

    /// <summary>For every optimizer, the state's steps are the plan's steps on buffers filled with their initial
    /// values, bit for bit.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Steps_equal_a_plan_on_initialised_buffers(string optimizer) => StepsEqualPlan<float>(OptimizerRegistry.Get(optimizer));

    /// <summary>After Reset the next step is a first step again: the same bits as a fresh state's first step, for every
    /// optimizer.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Reset_starts_over(string optimizer)
    {
        var o = OptimizerRegistry.Get(optimizer).Create();
        var (p, g) = Data<double>(29, 1);
        var used = new OptimizerState<double>(o, p.Length);
        var q = (double[])p.Clone();
        used.Step(q, g[0]);
        used.Step(q, g[0]);
        used.Reset();
        Assert.Equal(0, used.StepCount);
        Assert.All(used.StepState.ToArray(), x => Assert.Equal(0, x));

        var fresh = new OptimizerState<double>(o, p.Length);
        var pFresh = (double[])p.Clone();
        var pUsed = (double[])p.Clone();
        fresh.Step(pFresh, g[0]);
        used.Step(pUsed, g[0]);
        Bits.Equal<double>(pFresh, pUsed, "p after a reset's first step");
        for (int k = 0; k < o.Info.States.Count; k++) Bits.Equal<double>(fresh.Buffer(k), used.Buffer(k), "state buffer " + k);
        Bits.Equal(fresh.StepState, used.StepState, "step state");
    }

    /// <summary>A tensor of length 0 steps without error and counts its steps.</summary>
    [Fact]
    public void An_empty_tensor_steps()
    {
        var state = new OptimizerState<float>(new AdamW(), 0);
        state.Step([], []);
        Assert.Equal(1, state.StepCount);
    }

    private static void StepsEqualPlan<T>(OptimizerInfo info) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var o = info.Create();
        var (p, g) = Data<T>(41, 3);
        var state = new OptimizerState<T>(o, p.Length);
        var viaState = (T[])p.Clone();
        foreach (var gradient in g) state.Step(viaState, gradient);

        var viaPlan = (T[])p.Clone();
        var block = new T[info.States.Count * p.Length];
        var spans = new StateSpans<T>(block, info.States.Count, p.Length);
        for (int k = 0; k < info.States.Count; k++) spans[k].Fill(T.CreateTruncating(o.InitialStateValue(k)));
        var stepState = new double[info.StepStates.Count];
        o.InitializeStepState(stepState);
        var plan = o.CreatePlan<T>();
        for (int t = 1; t <= g.Length; t++)
        {
            plan.Prepare(t, stepState);
            plan.Apply(viaPlan, g[t - 1], spans);
        }

        Bits.Equal<T>(viaPlan, viaState, "p");
        for (int k = 0; k < info.States.Count; k++) Bits.Equal<T>(spans[k], state.Buffer(k), "state buffer " + k);
        Bits.Equal(stepState, state.StepState, "step state");
        Assert.Equal(g.Length, state.StepCount);
    }

    private static (T[] P, T[][] G) Data<T>(int length, int steps) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(length * 31 + steps);
        var p = new T[length];
        Values.FillWellScaled<T>(p, random, -2, 1, 0.1);
        var g = new T[steps][];
        for (int s = 0; s < steps; s++)
        {
            g[s] = new T[length];
            Values.FillWellScaled<T>(g[s], random, -2, 1, 0.1);
        }
        return (p, g);
    }
}
