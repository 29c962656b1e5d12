using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>A step count below 1 is refused with an ArgumentOutOfRangeException named "t"; nothing is written, no
/// per-step state advances.</summary>
public sealed class StepCountTests
{
    /// <summary>Step counts below 1.</summary>
    public static TheoryData<long> BadCounts => new(Counts);

    private static readonly long[] Counts = [0, -1, long.MinValue];

    /// <summary>A plan refuses to prepare step t &lt; 1, for every optimizer, and its step state and step count
    /// stay.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Prepare_refuses(string optimizer)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var w = Refusal.Workspace<double>(info);
        info.Create().InitializeStepState(w.StepState);
        var plan = info.Create().CreatePlan<double>();
        foreach (long t in Counts)
        {
            var e = Refusal.Check<ArgumentOutOfRangeException, double>(w, () => plan.Prepare(t, w.StepState), "t");
            Assert.Equal(t, e.ActualValue);
            Assert.Equal(0, plan.Step);
        }
    }

    /// <summary>The typed Step refuses t &lt; 1 (AdamW, float).</summary>
    [Theory]
    [MemberData(nameof(BadCounts))]
    public void AdamW_Step_refuses(long t)
    {
        var w = Refusal.Workspace<float>(AdamW.Descriptor);
        var e = Refusal.Check<ArgumentOutOfRangeException, float>(w, () => AdamW.Step(new AdamW(), t, w.P, w.G(0), w.Buffer(0), w.Buffer(1), default), "t");
        Assert.StartsWith($"The step count 't' must be at least 1 (the first step is 1), but is {t}.", e.Message);
    }

    /// <summary>The typed Step refuses t &lt; 1 (NAdam, double) and leaves its running product alone.</summary>
    [Theory]
    [MemberData(nameof(BadCounts))]
    public void NAdam_Step_refuses(long t)
    {
        var w = Refusal.Workspace<double>(NAdam.Descriptor);
        w.StepState[0] = 0.75;
        Refusal.Check<ArgumentOutOfRangeException, double>(w, () => NAdam.Step(new NAdam(), t, w.P, w.G(0), w.Buffer(0), w.Buffer(1), ref w.StepState[0]), "t");
        Assert.Equal(0.75, w.StepState[0]);
    }
}
