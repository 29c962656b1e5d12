using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>Asserts that a call is refused the way SimdOpt promises: the exact exception type, naming the argument, and
/// nothing written.</summary>
internal static class Refusal
{
    /// <summary>
    /// Runs <paramref name="call"/> and asserts that it throws exactly <typeparamref name="TException"/> whose
    /// ParamName is <paramref name="parameter"/>, and that every array of <paramref name="workspace"/> (guards,
    /// gradients, state, step state) keeps its bits.
    /// </summary>
    /// <returns>The exception, for checks of its message.</returns>
    public static TException Check<TException, T>(Support.Workspace<T> workspace, Action call, string parameter)
        where TException : ArgumentException where T : unmanaged, IFloatingPointIeee754<T>
    {
        var before = workspace.Clone();
        var e = Assert.Throws<TException>(call);
        Assert.Equal(parameter, e.ParamName);
        Support.Workspace<T>.AssertBitwiseEqual(before, workspace, "after the refused call");
        return e;
    }

    /// <summary>
    /// Runs <paramref name="call"/> and asserts that it throws exactly <typeparamref name="TException"/> whose
    /// ParamName is <paramref name="parameter"/>, and that <paramref name="state"/> — its buffers, step state and step
    /// count — and <paramref name="p"/> keep their bits.
    /// </summary>
    /// <returns>The exception, for checks of its message.</returns>
    public static TException Check<TException, T>(OptimizerState<T> state, T[] p, Action call, string parameter)
        where TException : ArgumentException where T : unmanaged, IFloatingPointIeee754<T>
    {
        var buffers = Enumerable.Range(0, state.Hyperparameters.Info.States.Count).Select(k => state.Buffer(k).ToArray()).ToArray();
        var stepState = state.StepState.ToArray();
        long stepCount = state.StepCount;
        var parameters = (T[])p.Clone();
        var e = Assert.Throws<TException>(call);
        Assert.Equal(parameter, e.ParamName);
        Bits.Equal<T>(parameters, p, "p after the refused step");
        for (int k = 0; k < buffers.Length; k++) Bits.Equal<T>(buffers[k], state.Buffer(k), "state buffer " + k + " after the refused step");
        Bits.Equal(stepState, state.StepState, "step state after the refused step");
        Assert.Equal(stepCount, state.StepCount);
        return e;
    }

    /// <summary>A workspace of <paramref name="length"/> ordinary values for <paramref name="info"/>, guards around it,
    /// one gradient.</summary>
    public static Support.Workspace<T> Workspace<T>(OptimizerInfo info, int length = 37) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(length);
        return Support.Workspace<T>.Create(info, 3, length, 5, 1, values => Values.Fill(values, random, 0));
    }

    /// <summary>An optimizer state of <paramref name="length"/> elements that has taken two steps, and its
    /// parameters.</summary>
    public static (OptimizerState<float> State, float[] P) SteppedState(OptimizerHyperparameters optimizer, int length = 37)
    {
        var state = new OptimizerState<float>(optimizer, length);
        var random = new Random(length);
        var p = new float[length];
        var g = new float[length];
        Values.FillWellScaled<float>(p, random, -2, 1, 0);
        for (int step = 0; step < 2; step++)
        {
            Values.FillWellScaled<float>(g, random, -2, 1, 0);
            state.Step(p, g);
        }
        return (state, p);
    }

    /// <summary>A plan of <paramref name="info"/>'s defaults with step 1 prepared on <paramref name="workspace"/>'s
    /// step state.</summary>
    public static StepPlan<T> PreparedPlan<T>(OptimizerInfo info, Support.Workspace<T> workspace) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var optimizer = info.Create();
        optimizer.InitializeStepState(workspace.StepState);
        var plan = optimizer.CreatePlan<T>();
        plan.Prepare(1, workspace.StepState);
        return plan;
    }
}
