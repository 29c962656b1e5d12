using SimdOpt.Kernels;
using SimdOpt.Optimizers;

namespace SimdOpt.Tests.BadInput;

/// <summary>
/// An input besides the gradient (Sophia's <c>hessian_estimate</c>, read on steps t &gt; 1 with (t - 1) % k == 0) is
/// checked like g: missing on a step that reads it, of another length, or overlapping a span the step writes, the step
/// is refused naming it, and nothing is written. On a step that does not read it, an empty span is accepted.
/// </summary>
public sealed class InputTests
{
    private static readonly Sophia Optimizer = new(updatePeriod: 4);

    private static void Step(Support.Workspace<float> w, long t, ReadOnlySpan<float> estimate) =>
        Sophia.Step(Optimizer, t, w.P, w.G(0), estimate, w.Buffer(0), w.Buffer(1));

    [Fact]
    public void A_missing_estimate_on_a_step_that_reads_it_is_refused_naming_it()
    {
        var w = Refusal.Workspace<float>(Sophia.Descriptor);
        var e = Refusal.Check<ArgumentException, float>(w, () => Step(w, 5, default), "hessianEstimate");
        Assert.Contains("This step reads input 'hessianEstimate', but it is empty", e.Message,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void An_empty_estimate_is_accepted_on_a_step_that_does_not_read_it(long t)
    {
        var w = Refusal.Workspace<float>(Sophia.Descriptor);
        var before = w.Clone();
        Step(w, t, default);
        Assert.NotEqual(before.P.ToArray(), w.P.ToArray());
    }

    [Fact]
    public void An_estimate_of_another_length_is_refused_even_on_a_step_that_does_not_read_it()
    {
        var w = Refusal.Workspace<float>(Sophia.Descriptor);
        var shorter = new float[w.Length - 1];
        Refusal.Check<ArgumentException, float>(w, () => Step(w, 5, shorter), "hessianEstimate");
        Refusal.Check<ArgumentException, float>(w, () => Step(w, 2, shorter), "hessianEstimate");
    }

    [Fact]
    public void An_estimate_overlapping_the_parameters_is_refused_but_the_parameters_themselves_are_not()
    {
        var w = Refusal.Workspace<float>(Sophia.Descriptor);
        Refusal.Check<ArgumentException, float>(w, () => Sophia.Step(Optimizer, 5, w.P[1..], w.G(0)[1..],
            w.Parameters.AsSpan(w.Offset, w.Length - 1), w.Buffer(0)[1..], w.Buffer(1)[1..]), "hessianEstimate");
        Sophia.Step(Optimizer, 5, w.P, w.G(0), w.P, w.Buffer(0), w.Buffer(1));
    }

    [Fact]
    public void A_state_buffer_overlapping_the_estimate_is_refused_naming_the_buffer()
    {
        var w = Refusal.Workspace<float>(Sophia.Descriptor);
        Refusal.Check<ArgumentException, float>(w, () => Step(w, 5, w.Buffer(0)), "hessian");
    }

    [Fact]
    public void A_plan_refuses_more_inputs_than_the_optimizer_declares_and_a_missing_one_when_due()
    {
        var w = Refusal.Workspace<float>(Sophia.Descriptor);
        var plan = Optimizer.CreatePlan<float>();
        plan.Prepare(5, []);
        Assert.True(plan.ReadsInput(0));
        ReadOnlyMemory<float>[] two = [w.Inputs[0][0], w.Inputs[0][0]];
        Refusal.Check<ArgumentException, float>(w,
            () => plan.Apply(w.P, w.G(0), new InputSpans<float>(two).Slice(w.Offset, w.Length), w.Spans), "inputs");
        Refusal.Check<ArgumentException, float>(w, () => plan.Apply(w.P, w.G(0), w.Spans), "hessian_estimate");
        Assert.Throws<ArgumentOutOfRangeException>(() => plan.ReadsInput(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW().CreatePlan<float>().ReadsInput(0));
    }
}
