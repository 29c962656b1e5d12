using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.BadInput;

/// <summary>
/// A declared rule between hyperparameters ([Require]) is checked when a step is prepared: a failed rule is an
/// ArgumentException named "hyperparameters" carrying the rule's message, and nothing changes — not the spans, not
/// the per-step state, not the plan's prepared step, not an OptimizerState's step count.
/// </summary>
public sealed class RequireRuleTests
{
    private const string NesterovRule = "Nesterov momentum requires a positive momentum and zero dampening.";
    private const string StepSizeRule = "step_size_min must not exceed step_size_max.";

    /// <summary>Each configuration that breaks a rule, with the rule's message.</summary>
    public static TheoryData<string, string> BrokenRules => new()
    {
        { "sgd(nesterov, momentum 0)", NesterovRule },
        { "sgd(nesterov, dampening 0.1)", NesterovRule },
        { "rprop(step_size_min 2 > step_size_max 1)", StepSizeRule },
    };

    /// <summary>The typed Step refuses.</summary>
    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void Typed_Step_refuses(string configuration, string rule)
    {
        var optimizer = Broken(configuration);
        var w = Refusal.Workspace<float>(optimizer.Info);
        var e = Refusal.Check<ArgumentException, float>(w, () =>
        {
            if (optimizer is Sgd sgd) Sgd.Step(sgd, 1, w.P, w.G(0), w.Buffer(0));
            else Rprop.Step((Rprop)optimizer, 1, w.P, w.G(0), w.Buffer(0), w.Buffer(1));
        }, "hyperparameters");
        Assert.StartsWith(rule, e.Message);
    }

    /// <summary>An OptimizerState that has taken steps refuses the next one and stays as it was.</summary>
    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void OptimizerState_refuses_and_keeps_its_state(string configuration, string rule)
    {
        var optimizer = Valid(configuration);
        var (state, p) = Refusal.SteppedState(optimizer);
        CopySettings(Broken(configuration), optimizer);
        var e = Refusal.Check<ArgumentException, float>(state, p, () => state.Step(p, new float[p.Length]), "hyperparameters");
        Assert.StartsWith(rule, e.Message);
    }

    /// <summary>
    /// A plan whose Prepare is refused keeps the step it prepared before: its Step count, and what Apply then does,
    /// are those of the last successful Prepare.
    /// </summary>
    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void A_refused_Prepare_keeps_the_prepared_step(string configuration, string rule)
    {
        var optimizer = Valid(configuration);
        var w = Refusal.Workspace<float>(optimizer.Info);
        var plan = optimizer.CreatePlan<float>();
        plan.Prepare(1, w.StepState);
        var expected = w.Clone();
        plan.Apply(expected.P, expected.G(0), expected.Spans);

        CopySettings(Broken(configuration), optimizer);
        var e = Refusal.Check<ArgumentException, float>(w, () => plan.Prepare(2, w.StepState), "hyperparameters");
        Assert.StartsWith(rule, e.Message);
        Assert.Equal(1, plan.Step);

        plan.Apply(w.P, w.G(0), w.Spans);
        Workspace<float>.AssertBitwiseEqual(expected, w, "Apply after a refused Prepare vs Apply of the step prepared before");
    }

    /// <summary>Gives <paramref name="to"/> every hyperparameter and flag of <paramref name="from"/>, one by one (rules
    /// are checked at the next step, not here).</summary>
    private static void CopySettings(OptimizerHyperparameters from, OptimizerHyperparameters to)
    {
        foreach (var h in from.Info.Hyperparameters) to.SetHyperparameter(h.Name, from.GetHyperparameter(h.Name));
        foreach (var f in from.Info.Flags) to.SetFlag(f.Name, from.GetFlag(f.Name));
    }

    private static OptimizerHyperparameters Broken(string configuration) => configuration switch
    {
        "sgd(nesterov, momentum 0)" => new Sgd(lr: 0.1, momentum: 0, nesterov: true),
        "sgd(nesterov, dampening 0.1)" => new Sgd(lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true),
        "rprop(step_size_min 2 > step_size_max 1)" => new Rprop(stepSizeMin: 2, stepSizeMax: 1),
        _ => throw new ArgumentOutOfRangeException(nameof(configuration), configuration, null),
    };

    /// <summary>The same optimizer with a configuration its rules accept (and that writes to every buffer).</summary>
    private static OptimizerHyperparameters Valid(string configuration) =>
        configuration.StartsWith("sgd", StringComparison.Ordinal) ? new Sgd(lr: 0.1, momentum: 0.9, nesterov: true) : new Rprop(lr: 0.05);
}
