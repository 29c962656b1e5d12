using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>A refused schedule, whether at construction or at a step, changes nothing: not the groups, not any
/// scheduler's position.</summary>
public class ScheduleRefusalTests
{
    private static Optimizer<float> Adam(double lr = 0.1) =>
        new(new Adam(lr: lr, beta1: 0.8), [new Parameter<float>(new float[2], new float[2])]);

    private static string State(Optimizer<float> optimizer, params LRScheduler[] schedulers) =>
        Snapshot.Of(optimizer) + string.Concat(schedulers.Select(Snapshot.Of));

    /// <summary>A formula that refuses its steps when told to, as any schedule refusing a value out of range.</summary>
    private sealed class Refusing : FormulaLRScheduler
    {
        public Refusing(Optimizer optimizer) : base(optimizer) => Start();

        public bool Refuse { get; set; }

        protected override void Compute(ScheduleStep step)
        {
            if (Refuse) throw new InvalidOperationException("Refused.");
            if (step.IsInitial) return;
            for (int g = 0; g < step.GroupCount; g++) step.Set(g, step.Current(g) * 0.5);
        }
    }

    [Fact]
    public void A_chained_step_refused_by_its_second_schedule_changes_nothing()
    {
        var optimizer = Adam();
        var first = new StepLR(optimizer, stepSize: 1, gamma: 0.5);
        var second = new Refusing(optimizer);
        var chained = new ChainedScheduler([first, second]);
        chained.Step();
        second.Refuse = true;
        string before = State(optimizer, chained);

        Assert.Equal("Refused.", Assert.Throws<InvalidOperationException>(chained.Step).Message);

        Assert.Equal(before, State(optimizer, chained));
        Assert.Equal(1, first.LastEpoch);
        Assert.Equal(0.1 * 0.5 * 0.5, optimizer.Groups[0].Hyperparameters.GetHyperparameter("lr"), 1e-15);
    }

    [Fact]
    public void A_sequential_step_refused_inside_a_chain_changes_nothing()
    {
        var optimizer = Adam();
        var refusing = new Refusing(optimizer);
        var sequential = new SequentialLR(optimizer, [new ChainedScheduler([new ExponentialLR(optimizer, 0.9), refusing]), new StepLR(optimizer, 2)], [3]);
        sequential.Step();
        refusing.Refuse = true;
        string before = State(optimizer, sequential);
        Assert.Throws<InvalidOperationException>(sequential.Step);
        Assert.Equal(before, State(optimizer, sequential));
    }

    [Theory]
    [InlineData(1e-310, 10, 0.3, "divFactor")]       // the start value 0.1 / 1e-310 is infinite
    [InlineData(25.0, 1, 1.0, "pctStart")]           // the rising phase has no length: step 0 divides 0 by 0
    [InlineData(25.0, 10, 1.0, "pctStart")]          // the falling phase has no length: step 10 divides by 0
    [InlineData(25.0, 10, 0.1, "pctStart")]          // the rising phase ends at step 0
    public void A_refused_one_cycle_leaves_the_groups_as_they_were(double divFactor, int totalSteps, double pctStart, string argument)
    {
        var optimizer = Adam();
        var earlier = new StepLR(optimizer, stepSize: 5);   // records the initial lr, which OneCycleLR would overwrite
        string before = State(optimizer, earlier);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleLR(optimizer, maxLr: 0.1, totalSteps, pctStart, divFactor: divFactor));

        Assert.Equal(argument, error.ParamName);
        Assert.Equal(before, State(optimizer, earlier));
        Assert.Equal(0.8, optimizer.Groups[0].Hyperparameters.GetHyperparameter("beta1"));
        Assert.Equal(0.1, optimizer.Groups[0].InitialValues["lr"]);
    }

    [Fact]
    public void A_one_cycle_whose_final_value_is_out_of_range_names_final_div_factor()
    {
        var optimizer = Adam();
        string before = Snapshot.Of(optimizer);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleLR(optimizer, maxLr: 1, totalSteps: 10, divFactor: 1, finalDivFactor: 1e-310));
        Assert.Equal("finalDivFactor", error.ParamName);
        Assert.Equal(before, Snapshot.Of(optimizer));
        Assert.Empty(optimizer.Groups[0].InitialValues);
    }

    [Fact]
    public void The_creation_step_of_a_refused_formula_records_no_initial_value()
    {
        var optimizer = Adam();
        Assert.Throws<InvalidOperationException>(() => new RefusingAtCreation(optimizer));
        Assert.Empty(optimizer.Groups[0].InitialValues);
    }

    private sealed class RefusingAtCreation : FormulaLRScheduler
    {
        public RefusingAtCreation(Optimizer optimizer) : base(optimizer) => Start();

        protected override void Compute(ScheduleStep step) => throw new InvalidOperationException("Refused.");
    }

    [Fact]
    public void Negative_factors_and_floors_are_refused_at_construction_naming_the_argument()
    {
        var optimizer = Adam();
        string before = Snapshot.Of(optimizer);
        foreach (var (create, argument) in new (Func<LRScheduler>, string)[]
        {
            (() => new StepLR(optimizer, stepSize: 2, gamma: -0.5), "gamma"),
            (() => new ExponentialLR(optimizer, gamma: -1), "gamma"),
            (() => new MultiStepLR(optimizer, [2], gamma: -0.1), "gamma"),
            (() => new CosineAnnealingLR(optimizer, tMax: 4, etaMin: -1e-3), "etaMin"),
        })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(create);
            Assert.Equal(argument, error.ParamName);
            Assert.Contains($"'{argument}' must be finite and not negative", error.Message);
        }
        Assert.Equal(before, Snapshot.Of(optimizer));
        // Zero is allowed: a schedule that ends training, or anneals to zero.
        Assert.Equal(0, new ExponentialLR(optimizer, gamma: 0).LastEpoch);
    }
}
