using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>
/// Spans that overlap are refused the way TensorPrimitives refuses them, naming the argument and writing nothing: a
/// span the step writes (p, a state buffer) shares no element with any other span, and g overlaps nothing the step
/// writes — except that g may be p itself, which gives the same bits as a copy of p.
/// </summary>
public sealed class OverlapTests
{
    private const int Length = 203;

    /// <summary>expAvg = p shifted by 3 elements: refused, naming expAvg (it used to be accepted, and paths then
    /// differed).</summary>
    [Fact]
    public void AdamW_Step_refuses_expAvg_overlapping_p()
    {
        var (memory, g, expAvgSq) = (Values(2 * Length), Values(Length), new float[Length]);
        var before = (float[])memory.Clone();
        var e = Assert.Throws<ArgumentException>(() =>
            AdamW.Step(new AdamW(), 1, memory.AsSpan(0, Length), g, memory.AsSpan(3, Length), expAvgSq, default));
        Assert.Equal("expAvg", e.ParamName);
        Assert.Equal("Span 'expAvg' overlaps span 'p'; a span the step writes must share no element with another span of the step. (Parameter 'expAvg')", e.Message);
        Bits.Equal<float>(before, memory, "p and expAvg after the refused step");
        Assert.All(expAvgSq, v => Assert.Equal(0f, v));
    }

    /// <summary>Sgd with momentumBuffer: g would rewrite the read-only gradient: refused, naming
    /// momentumBuffer.</summary>
    [Fact]
    public void Sgd_Step_refuses_the_gradient_as_momentum_buffer()
    {
        var (p, g) = (Values(Length), Values(Length));
        var (pBefore, gBefore) = ((float[])p.Clone(), (float[])g.Clone());
        var e = Assert.Throws<ArgumentException>(() => Sgd.Step(new Sgd(momentum: 0.9), 1, p, g, momentumBuffer: g));
        Assert.Equal("momentumBuffer", e.ParamName);
        Assert.Contains("'momentumBuffer' overlaps span 'g'", e.Message);
        Bits.Equal<float>(pBefore, p, "p after the refused step");
        Bits.Equal<float>(gBefore, g, "g after the refused step");
    }

    /// <summary>Two state buffers on the same memory (the same span, or one element apart) are refused, naming the
    /// later one.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void AdamW_Step_refuses_two_state_buffers_on_the_same_memory(int shift)
    {
        var (p, g, state) = (Values(Length), Values(Length), new float[Length + 1]);
        var pBefore = (float[])p.Clone();
        var e = Assert.Throws<ArgumentException>(() =>
            AdamW.Step(new AdamW(), 1, p, g, state.AsSpan(0, Length), state.AsSpan(shift, Length), default));
        Assert.Equal("expAvgSq", e.ParamName);
        Assert.Contains("'expAvgSq' overlaps span 'expAvg'", e.Message);
        Bits.Equal<float>(pBefore, p, "p after the refused step");
        Assert.All(state, v => Assert.Equal(0f, v));
    }

    /// <summary>The AMSGrad buffer is checked only when AMSGrad is on: off, it is never written, so it may be
    /// anything.</summary>
    [Fact]
    public void An_inactive_buffer_is_not_checked()
    {
        var (p, g, m, v) = (Values(Length), Values(Length), new float[Length], new float[Length]);
        var e = Assert.Throws<ArgumentException>(() => AdamW.Step(new AdamW(amsgrad: true), 1, p, g, m, v, maxExpAvgSq: m));
        Assert.Equal("maxExpAvgSq", e.ParamName);
        var pBefore = (float[])p.Clone();
        AdamW.Step(new AdamW(amsgrad: false), 1, p, g, m, v, maxExpAvgSq: m);
        Assert.NotEqual(pBefore, p);
    }

    /// <summary>g overlapping p without being p itself is refused, naming g; on every path.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void A_gradient_that_overlaps_p_partly_is_refused(KernelPath path)
    {
        var memory = Values(Length + 1);
        var before = (float[])memory.Clone();
        var (m, v) = (new float[Length], new float[Length]);
        var e = Assert.Throws<ArgumentException>(() => AdamW.Step(new AdamW(), 1, memory.AsSpan(1, Length), memory.AsSpan(0, Length), m, v, default, path));
        Assert.Equal("g", e.ParamName);
        Assert.Equal("Span 'g' overlaps span 'p'; 'g' may be 'p' itself, but must not overlap it otherwise. (Parameter 'g')", e.Message);
        Bits.Equal<float>(before, memory, "p and g after the refused step");
    }

    /// <summary>g may be p itself: allowed, and the same bits as a step whose g is a copy of p, on every path and
    /// through a plan.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void The_gradient_may_be_p_itself_and_gives_the_bits_of_a_copy(KernelPath path)
    {
        var adamw = new AdamW(weightDecay: 0.1);
        var (same, copied) = (Values(Length), Values(Length));
        var (m1, v1, m2, v2) = (new float[Length], new float[Length], new float[Length], new float[Length]);
        for (int t = 1; t <= 3; t++)
        {
            AdamW.Step(adamw, t, same, same, m1, v1, default, path);
            AdamW.Step(adamw, t, copied, (float[])copied.Clone(), m2, v2, default, path);
        }
        Bits.Equal<float>(copied, same, "p stepped with g = p against g = a copy of p");
        Bits.Equal<float>(m2, m1, "exp_avg");

        var plan = adamw.CreatePlan<float>();
        var block = new float[3 * Length];
        var planned = Values(Length);
        plan.Prepare(1, default);
        plan.Apply(planned, planned, new StateSpans<float>(block, 3, Length), path);
        var (reference, rm, rv) = (Values(Length), new float[Length], new float[Length]);
        AdamW.Step(adamw, 1, reference, (float[])reference.Clone(), rm, rv, default, path);
        Bits.Equal<float>(reference, planned, "a plan's p stepped with g = p");
    }

    /// <summary>A plan whose state block contains p, or g, is refused naming the state; nothing is written.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_plan_refuses_state_that_holds_p_or_g(bool gradient)
    {
        var adamw = new AdamW();
        var plan = adamw.CreatePlan<float>();
        plan.Prepare(1, default);
        var block = Values(3 * Length);
        var other = Values(Length);
        var before = (float[])block.Clone();
        var e = Assert.Throws<ArgumentException>(() =>
        {
            var state = new StateSpans<float>(block, 3, Length);
            if (gradient) plan.Apply(other, block.AsSpan(Length, Length), state);
            else plan.Apply(block.AsSpan(Length, Length), other, state);
        });
        Assert.Equal("state", e.ParamName);
        Assert.Contains(gradient ? "overlaps span 'g'" : "overlaps span 'p'", e.Message);
        Bits.Equal<float>(before, block, "the state block after the refused apply");
    }

    /// <summary>The explicit paths of this machine and Auto.</summary>
    public static TheoryData<KernelPath> Paths()
    {
        var data = new TheoryData<KernelPath>();
        foreach (var path in KernelPaths.Available) data.Add(path);
        return data;
    }

    private static float[] Values(int length)
    {
        var random = new Random(length);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }
}
