using System.Numerics;
using FsCheck.Fluent;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Kernels;

/// <summary>
/// The typed static <c>Step</c> of a generated optimizer — the allocation-free entry point for direct use — computes
/// the same bits as a plan on the scalar path, on every path, including NaN's per-step state passed by <c>ref</c> and
/// an inactive state buffer passed empty.
/// </summary>
public sealed class TypedStepTests
{
    private delegate void TypedStep<T>(OptimizerHyperparameters optimizer, long t, Workspace<T> w, int step, KernelPath path)
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>AdamW on float; without AMSGrad the unused buffer is passed as an empty span.</summary>
    [Fact]
    public void AdamW_float() => Check<float>("adamw", (o, t, w, s, path) =>
        AdamW.Step((AdamW)o, t, w.P, w.G(s), w.Buffer(0), w.Buffer(1), ((AdamW)o).Amsgrad ? w.Buffer(2) : default, path));

    /// <summary>AdamW on double.</summary>
    [Fact]
    public void AdamW_double() => Check<double>("adamw", (o, t, w, s, path) =>
        AdamW.Step((AdamW)o, t, w.P, w.G(s), w.Buffer(0), w.Buffer(1), ((AdamW)o).Amsgrad ? w.Buffer(2) : default, path));

    /// <summary>NAdam on float, its running product of momentum factors passed by reference.</summary>
    [Fact]
    public void NAdam_float() => Check<float>("nadam", (o, t, w, s, path) =>
        NAdam.Step((NAdam)o, t, w.P, w.G(s), w.Buffer(0), w.Buffer(1), ref w.StepState[0], path));

    /// <summary>NAdam on double.</summary>
    [Fact]
    public void NAdam_double() => Check<double>("nadam", (o, t, w, s, path) =>
        NAdam.Step((NAdam)o, t, w.P, w.G(s), w.Buffer(0), w.Buffer(1), ref w.StepState[0], path));

    /// <summary>SGD on float.</summary>
    [Fact]
    public void Sgd_float() => Check<float>("sgd", (o, t, w, s, path) => Sgd.Step((Sgd)o, t, w.P, w.G(s), w.Buffer(0), path));

    /// <summary>SGD on double.</summary>
    [Fact]
    public void Sgd_double() => Check<double>("sgd", (o, t, w, s, path) => Sgd.Step((Sgd)o, t, w.P, w.G(s), w.Buffer(0), path));

    /// <summary>Rprop on float.</summary>
    [Fact]
    public void Rprop_float() => Check<float>("rprop", (o, t, w, s, path) => Rprop.Step((Rprop)o, t, w.P, w.G(s), w.Buffer(0), w.Buffer(1), path));

    /// <summary>Rprop on double.</summary>
    [Fact]
    public void Rprop_double() => Check<double>("rprop", (o, t, w, s, path) => Rprop.Step((Rprop)o, t, w.P, w.G(s), w.Buffer(0), w.Buffer(1), path));

    /// <summary>RMSprop on float; its centred average only exists with <c>centered</c>.</summary>
    [Fact]
    public void RmsProp_float() => Check<float>("rmsprop", (o, t, w, s, path) =>
        RmsProp.Step((RmsProp)o, t, w.P, w.G(s), w.Buffer(0), w.Buffer(1), ((RmsProp)o).Centered ? w.Buffer(2) : default, path));

    /// <summary>Lion on double.</summary>
    [Fact]
    public void Lion_double() => Check<double>("lion", (o, t, w, s, path) => Lion.Step((Lion)o, t, w.P, w.G(s), w.Buffer(0), path));

    private static void Check<T>(string optimizer, TypedStep<T> step) where T : unmanaged, IFloatingPointIeee754<T> =>
        Property.ForAll(
            from c in KernelCase.For(OptimizerRegistry.Get(optimizer))
            from path in Gen.Elements(Registered.AllPaths)
            select (Case: c, Path: path),
            run =>
            {
                var initial = run.Case.Workspace<T>();
                var expected = run.Case.RunPlan(initial, KernelPath.Scalar);
                var actual = initial.Clone();
                for (int s = 0; s < run.Case.Steps; s++) step(run.Case.Optimizer, run.Case.FirstStep + s, actual, s, run.Path);
                Workspace<T>.AssertSameResults(expected, actual, "typed Step on " + run.Path + " vs plan on Scalar");
            });
}
