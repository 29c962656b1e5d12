using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>
/// A gradient or state span whose length differs from the parameters' is refused with an ArgumentException naming
/// it, before anything is written — through the typed Step, a plan and an OptimizerState.
/// </summary>
public sealed class SpanLengthTests
{
    /// <summary>AdamW's typed Step names the span that is one element short.</summary>
    [Theory]
    [InlineData("g")]
    [InlineData("expAvg")]
    [InlineData("expAvgSq")]
    [InlineData("maxExpAvgSq")]
    public void AdamW_Step_names_a_short_span(string span)
    {
        var adamw = new AdamW(amsgrad: true);
        var w = Refusal.Workspace<float>(AdamW.Descriptor);
        var shorter = new float[w.Length - 1];
        var e = Refusal.Check<ArgumentException, float>(w, () => AdamW.Step(adamw, 1, w.P,
            span == "g" ? shorter : w.G(0),
            span == "expAvg" ? shorter : w.Buffer(0),
            span == "expAvgSq" ? shorter : w.Buffer(1),
            span == "maxExpAvgSq" ? shorter : w.Buffer(2)), span);
        Assert.Equal($"Span '{span}' has {w.Length - 1} elements but the parameters 'p' have {w.Length}; they must be equally long. (Parameter '{span}')", e.Message);
    }

    /// <summary>NAdam's typed Step (double) names a long state span, and leaves its per-step state alone.</summary>
    [Theory]
    [InlineData("g")]
    [InlineData("expAvg")]
    [InlineData("expAvgSq")]
    public void NAdam_Step_names_a_long_span(string span)
    {
        var w = Refusal.Workspace<double>(NAdam.Descriptor);
        var longer = new double[w.Length + 1];
        var e = Refusal.Check<ArgumentException, double>(w, () => NAdam.Step(new NAdam(), 1, w.P,
            span == "g" ? longer : w.G(0),
            span == "expAvg" ? longer : w.Buffer(0),
            span == "expAvgSq" ? longer : w.Buffer(1),
            ref w.StepState[0]), span);
        Assert.Contains($"'{span}'", e.Message);
    }

    /// <summary>RMSprop's grad_avg is checked when <c>centered</c> is on, and ignored (may be empty) when it is
    /// off.</summary>
    [Fact]
    public void RmsProp_checks_grad_avg_only_when_centered()
    {
        var w = Refusal.Workspace<float>(RmsProp.Descriptor);
        Refusal.Check<ArgumentException, float>(w, () => RmsProp.Step(new RmsProp(centered: true), 1, w.P, w.G(0), w.Buffer(0), w.Buffer(1), default), "gradAvg");
        RmsProp.Step(new RmsProp(centered: false), 1, w.P, w.G(0), w.Buffer(0), w.Buffer(1), default);
    }

    /// <summary>
    /// A plan names a gradient of another length, state viewed at another length, and state holding another number of
    /// buffers, for every optimizer.
    /// </summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void Plan_names_the_mismatched_argument(string optimizer)
    {
        var info = OptimizerRegistry.Get(optimizer);
        var w = Refusal.Workspace<float>(info);
        var plan = Refusal.PreparedPlan(info, w);
        Refusal.Check<ArgumentException, float>(w, () => plan.Apply(w.P, w.G(0)[1..], w.Spans), "g");
        Refusal.Check<ArgumentException, float>(w, () => plan.Apply(w.P, w.G(0), w.Spans.Slice(0, w.Length - 1)), "state");
        var e = Refusal.Check<ArgumentException, float>(w,
            () => plan.Apply(w.P, w.G(0), new StateSpans<float>(new float[(info.States.Count + 1) * w.Length], info.States.Count + 1, w.Length)), "state");
        Assert.Contains($"'{info.Name}' has {info.States.Count} state buffers", e.Message);
    }

    /// <summary>An OptimizerState names parameters or gradients of another length than its tensor's, for every
    /// optimizer.</summary>
    [Theory]
    [MemberData(nameof(Registered.Names), MemberType = typeof(Registered))]
    public void OptimizerState_names_p_or_g_of_another_length(string optimizer)
    {
        var (state, p) = Refusal.SteppedState(OptimizerRegistry.Get(optimizer).Create());
        var longer = new float[p.Length + 1];
        Refusal.Check<ArgumentException, float>(state, p, () => state.Step(longer, new float[p.Length]), "p");
        Refusal.Check<ArgumentException, float>(state, p, () => state.Step(p, new float[p.Length - 1]), "g");
    }
}
