using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>Null optimizers, negative lengths, and a plan applied before any step is prepared are refused, naming the
/// argument.</summary>
public sealed class MissingArgumentTests
{
    /// <summary>The typed Step refuses null hyperparameters.</summary>
    [Fact]
    public void Typed_Step_refuses_null_hyperparameters()
    {
        var w = Refusal.Workspace<float>(Lion.Descriptor);
        Refusal.Check<ArgumentNullException, float>(w, () => Lion.Step(null!, 1, w.P, w.G(0), w.Buffer(0)), "hyperparameters");
    }

    /// <summary>OptimizerState refuses a null optimizer and a negative length.</summary>
    [Fact]
    public void OptimizerState_refuses_null_and_negative_length()
    {
        Assert.Equal("hyperparameters", Assert.Throws<ArgumentNullException>(() => new OptimizerState<float>(null!, 3)).ParamName);
        Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => new OptimizerState<float>(new Sgd(), -1)).ParamName);
    }

    /// <summary>Apply before any Prepare is an InvalidOperationException, for every optimizer, and writes
    /// nothing.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Apply_before_Prepare_is_refused(string optimizer)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var w = Refusal.Workspace<float>(info);
        var before = w.Clone();
        var plan = info.Create().CreatePlan<float>();
        var e = Assert.Throws<InvalidOperationException>(() => plan.Apply(w.P, w.G(0), w.Spans));
        Assert.Equal("Call Prepare(t, stepState) before Apply.", e.Message);
        Workspace<float>.AssertBitwiseEqual(before, w, "after Apply before Prepare");
    }

    /// <summary>A step state with the wrong number of slots is refused by Prepare and InitializeStepState, for every
    /// optimizer.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Wrong_step_state_length_is_refused(string optimizer)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var o = info.Create();
        var tooLong = new double[info.StepStates.Count + 1];
        Assert.Equal("stepState", Assert.Throws<ArgumentException>(() => o.CreatePlan<double>().Prepare(1, tooLong)).ParamName);
        Assert.Equal("stepState", Assert.Throws<ArgumentException>(() => o.InitializeStepState(tooLong)).ParamName);
        Assert.All(tooLong, x => Assert.Equal(0, x));
    }

    /// <summary>A plan over an element type other than float and double is refused.</summary>
    [Fact]
    public void Plans_exist_for_float_and_double_only() =>
        Assert.Throws<NotSupportedException>(() => new Adam().CreatePlan<Half>());
}
