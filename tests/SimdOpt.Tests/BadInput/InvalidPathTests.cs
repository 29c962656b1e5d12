using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>A <see cref="KernelPath"/> value that names no path is refused with an ArgumentOutOfRangeException named
/// "path"; nothing is written.</summary>
public sealed class InvalidPathTests
{
    private const KernelPath NoSuchPath = (KernelPath)42;

    /// <summary>A plan refuses it, for every optimizer.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Plan_Apply_refuses(string optimizer)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var w = Refusal.Workspace<float>(info);
        var plan = Refusal.PreparedPlan(info, w);
        Refusal.Check<ArgumentOutOfRangeException, float>(w, () => plan.Apply(w.P, w.G(0), w.Spans, NoSuchPath), "path");
    }

    /// <summary>An OptimizerState refuses it, for every optimizer, and counts no step.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void OptimizerState_refuses(string optimizer)
    {
        var (state, p) = Refusal.SteppedState(OptimizerRegistry.Get(optimizer).Create());
        Refusal.Check<ArgumentOutOfRangeException, float>(state, p, () => state.Step(p, new float[p.Length], NoSuchPath), "path");
    }

    /// <summary>The typed Step refuses it, and NAdam's running product stays.</summary>
    [Fact]
    public void Typed_Step_refuses()
    {
        var w = Refusal.Workspace<double>(NAdam.Descriptor);
        w.StepState[0] = 0.5;
        Refusal.Check<ArgumentOutOfRangeException, double>(w, () => NAdam.Step(new NAdam(), 3, w.P, w.G(0), w.Buffer(0), w.Buffer(1), ref w.StepState[0], NoSuchPath), "path");
        Assert.Equal(0.5, w.StepState[0]);
    }
}
