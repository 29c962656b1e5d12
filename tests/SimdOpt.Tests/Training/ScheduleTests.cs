using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// Schedules against torch.optim.lr_scheduler (torch/optim/lr_scheduler.py). The expected values come from the closed
/// forms torch documents for each scheduler (its <c>_get_closed_form_lr</c>, or OneCycleLR's <c>get_lr</c>, which is
/// closed already), written out here by hand; the schedulers themselves run torch's step-by-step recurrences, so they
/// agree to rounding.
/// </summary>
public class ScheduleTests
{
    private const double Tolerance = 1e-13;

    private static Optimizer<float> OptimizerWithLr(OptimizerHyperparameters definition, params double[] lrs)
    {
        var optimizer = new Optimizer<float>(definition);
        foreach (double lr in lrs)
        {
            var group = definition.Clone();
            group.SetHyperparameter("lr", lr);
            optimizer.AddGroup([new Parameter<float>(new float[2], new float[2])], group);
        }
        return optimizer;
    }

    private static double Lr(Optimizer optimizer, int group = 0) => optimizer.Groups[group].Hyperparameters.GetHyperparameter("lr");

    // Steps the scheduler to each epoch in turn and checks the learning rate of every group there.
    private static void Follows(LRScheduler scheduler, int lastEpoch, Func<int, int, double> expected)
    {
        for (int epoch = 0; epoch <= lastEpoch; epoch++)
        {
            if (epoch > 0) scheduler.Step();
            Assert.Equal(epoch, scheduler.LastEpoch);
            for (int g = 0; g < scheduler.Optimizer.Groups.Count; g++)
            {
                double want = expected(g, epoch);
                Assert.True(Math.Abs(Lr(scheduler.Optimizer, g) - want) <= Tolerance * Math.Abs(want),
                    $"{scheduler.GetType().Name} group {g} epoch {epoch}: lr {Lr(scheduler.Optimizer, g):R}, expected {want:R}");
                Assert.Equal(Lr(scheduler.Optimizer, g), scheduler.LastValues[g]);
            }
        }
    }

    // A refused step throws and leaves the optimizer and the scheduler as they were.
    private static void StepRefused(LRScheduler scheduler, string expectedMessage)
    {
        var optimizer = (Optimizer<float>)scheduler.Optimizer;
        string before = Snapshot.Of(optimizer) + Snapshot.Of(scheduler);
        Assert.Equal(expectedMessage, Assert.Throws<InvalidOperationException>(scheduler.Step).Message);
        Assert.Equal(before, Snapshot.Of(optimizer) + Snapshot.Of(scheduler));
    }

    [Fact]
    public void StepLR_decays_every_step_size_epochs()
    {
        // base · gamma^(epoch // step_size), for two groups with their own base.
        var optimizer = OptimizerWithLr(new Sgd(), 0.1, 0.02);
        double[] bases = [0.1, 0.02];
        Follows(new StepLR(optimizer, stepSize: 3, gamma: 0.5), 10, (g, e) => bases[g] * Math.Pow(0.5, e / 3));
        Assert.Equal(0.1 * 0.125, Lr(optimizer), 15);   // epoch 10: three decays
    }

    [Fact]
    public void MultiStepLR_decays_at_each_milestone_counting_repeats()
    {
        // base · gamma^bisect_right([2, 5, 5], epoch): 0.1 until 2, 0.01 until 5, then 0.0001.
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        Follows(new MultiStepLR(optimizer, [5, 2, 5], gamma: 0.1), 8, (_, e) => 0.1 * Math.Pow(0.1, e < 2 ? 0 : e < 5 ? 1 : 3));
    }

    [Fact]
    public void ExponentialLR_decays_every_epoch()
    {
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        Follows(new ExponentialLR(optimizer, gamma: 0.9), 20, (_, e) => 0.1 * Math.Pow(0.9, e));
    }

    [Fact]
    public void CosineAnnealingLR_follows_the_cosine_down_and_back_up()
    {
        // eta_min + (base - eta_min)(1 + cos(pi · epoch / T_max)) / 2 with T_max = 10, eta_min = 0.001, base 0.1;
        // torch's recurrence continues past T_max with period 2 · T_max.
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        var scheduler = new CosineAnnealingLR(optimizer, tMax: 10, etaMin: 0.001);
        Follows(scheduler, 30, (_, e) => 0.001 + (0.1 - 0.001) * (1 + Math.Cos(Math.PI * e / 10)) / 2);
    }

    [Fact]
    public void CosineAnnealingLR_hits_its_landmarks()
    {
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        var scheduler = new CosineAnnealingLR(optimizer, tMax: 10, etaMin: 0.001);
        var seen = new List<double> { Lr(optimizer) };
        for (int e = 1; e <= 20; e++)
        {
            scheduler.Step();
            seen.Add(Lr(optimizer));
        }
        // Halfway down: 0.001 + 0.099/2; at T_max: eta_min; back at the base after 2 · T_max.
        Assert.Equal(0.1, seen[0], 15);
        Assert.Equal(0.0505, seen[5], 15);
        Assert.Equal(0.001, seen[10], 15);
        Assert.Equal(0.0505, seen[15], 15);
        Assert.Equal(0.1, seen[20], 15);
    }

    [Fact]
    public void LinearLR_warms_up_then_holds()
    {
        // base · (start + (end - start) · min(total, epoch) / total) with start 0.25, end 1, total 4: 0.025, 0.04375,
        // ...
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        Follows(new LinearLR(optimizer, startFactor: 0.25, endFactor: 1, totalIters: 4), 8, (_, e) => 0.1 * (0.25 + 0.75 * Math.Min(4, e) / 4));
        Assert.Equal(0.1, Lr(optimizer), 15);
    }

    [Fact]
    public void OneCycleLR_matches_torch_at_chosen_steps()
    {
        // OneCycleLR(max_lr=0.1, total_steps=100): initial_lr = 0.1 / 25 = 0.004, min_lr = 0.004 / 1e4; phase 1 ends at
        // float(0.3 · 100) - 1 = 29.000000000000004, phase 2 at 99; cos anneal: end + (start - end) / 2 · (cos(pi ·
        // pct) + 1). Momentum (AdamW's beta1) goes the other way, 0.95 → 0.85 → 0.95.
        var optimizer = OptimizerWithLr(new AdamW(), 0.001);
        var scheduler = new OneCycleLR(optimizer, maxLr: 0.1, totalSteps: 100);
        static double Cos(double start, double end, double pct) => end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1);
        double phaseEnd = 0.3 * 100 - 1;
        var expected = new Dictionary<int, (double Lr, double Beta1)>
        {
            [0] = (0.004, 0.95),
            [10] = (Cos(0.004, 0.1, 10 / phaseEnd), Cos(0.95, 0.85, 10 / phaseEnd)),
            [30] = (Cos(0.1, 0.004 / 1e4, (30 - phaseEnd) / (99 - phaseEnd)), Cos(0.85, 0.95, (30 - phaseEnd) / (99 - phaseEnd))),
            [50] = (Cos(0.1, 0.004 / 1e4, (50 - phaseEnd) / (99 - phaseEnd)), Cos(0.85, 0.95, (50 - phaseEnd) / (99 - phaseEnd))),
            [99] = (0.004 / 1e4, 0.95),
        };
        for (int step = 0; step <= 99; step++)
        {
            if (step > 0) scheduler.Step();
            if (!expected.TryGetValue(step, out var want)) continue;
            Assert.Equal(want.Lr, Lr(optimizer), 15);
            Assert.Equal(want.Beta1, optimizer.Groups[0].Hyperparameters.GetHyperparameter("beta1"), 15);
        }
        // The formulas evaluated by hand, rounded: step 10 ≈ 0.0295, step 30 ≈ 0.09995, step 50 ≈ 0.0794.
        Assert.Equal(0.0295, expected[10].Lr, 4);
        Assert.Equal(0.09995, expected[30].Lr, 5);
        Assert.Equal(0.0794, expected[50].Lr, 4);
        Assert.Equal(0.004, optimizer.Groups[0].InitialValues["lr"], 15);

        // torch allows stepping to total_steps and refuses the step after; a refused step changes nothing.
        scheduler.Step();
        StepRefused(scheduler, "Tried to step 101 times; the specified number of total steps is 100.");
    }

    [Fact]
    public void OneCycleLR_three_phase_linear_cycles_sgd_momentum()
    {
        // three_phase, linear: phases end at 0.25·20 - 1 = 4, 2·0.25·20 - 2 = 8, 19; lr 0.01 → 0.05 → 0.01 → 0.01/1e3.
        var optimizer = OptimizerWithLr(new Sgd(momentum: 0.9), 0.001);
        var scheduler = new OneCycleLR(optimizer, maxLr: 0.05, totalSteps: 20, pctStart: 0.25, annealStrategy: AnnealStrategy.Linear,
            divFactor: 5, finalDivFactor: 1e3, threePhase: true);
        static double Linear(double start, double end, double pct) => (end - start) * pct + start;
        Follows(scheduler, 19, (_, e) => e <= 4 ? Linear(0.01, 0.05, e / 4.0)
            : e <= 8 ? Linear(0.05, 0.01, (e - 4) / 4.0)
            : Linear(0.01, 0.01 / 1e3, (e - 8) / 11.0));
        Assert.Equal("momentum", scheduler.MomentumHyperparameter);
        Assert.Equal(0.95, optimizer.Groups[0].Hyperparameters.GetHyperparameter("momentum"), 15);   // the third phase holds max_momentum
    }

    [Fact]
    public void OneCycleLR_needs_a_momentum_to_cycle()
    {
        var optimizer = OptimizerWithLr(new Adagrad(), 0.01);
        var error = Assert.Throws<ArgumentException>(() => new OneCycleLR(optimizer, maxLr: 0.1, totalSteps: 10));
        Assert.Contains("has neither 'beta1' nor 'momentum'", error.Message);
        var scheduler = new OneCycleLR(optimizer, maxLr: 0.1, totalSteps: 10, cycleMomentum: false);
        Assert.Null(scheduler.MomentumHyperparameter);
        Assert.Equal(0.004, Lr(optimizer), 15);
    }

    [Fact]
    public void SequentialLR_warms_up_then_restarts_the_next_schedule_at_the_milestone()
    {
        // torch's example shape: LinearLR(start 0.1, total 5) until epoch 5, then ExponentialLR(0.9) restarted at 0:
        // lr = base · (0.1 + 0.9 · e / 5) for e < 5, base · 0.9^(e - 5) from 5 on.
        var optimizer = OptimizerWithLr(new Sgd(), 0.1, 0.05);
        double[] bases = [0.1, 0.05];
        var warmUp = new LinearLR(optimizer, startFactor: 0.1, totalIters: 5);
        var decay = new ExponentialLR(optimizer, gamma: 0.9);
        var scheduler = new SequentialLR(optimizer, [warmUp, decay], [5]);
        Follows(scheduler, 12, (g, e) => e < 5 ? bases[g] * (0.1 + 0.9 * e / 5) : bases[g] * Math.Pow(0.9, e - 5));
        Assert.Equal(7, decay.LastEpoch);
    }

    [Fact]
    public void ChainedScheduler_multiplies_the_factors_of_its_schedules()
    {
        // LinearLR(start 0.5, total 4) then ExponentialLR(0.9), both on base 0.1: base · (0.5 + 0.5 · min(4, e) / 4) ·
        // 0.9^e.
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        var scheduler = new ChainedScheduler([new LinearLR(optimizer, startFactor: 0.5, totalIters: 4), new ExponentialLR(optimizer, gamma: 0.9)]);
        Follows(scheduler, 10, (_, e) => 0.1 * (0.5 + 0.5 * Math.Min(4, e) / 4) * Math.Pow(0.9, e));
    }

    [Fact]
    public void Any_named_hyperparameter_can_be_scheduled_from_its_initial_value()
    {
        var optimizer = new Optimizer<float>(new AdamW(lr: 0.01, weightDecay: 0.1), [new Parameter<float>(new float[2], new float[2])]);
        var scheduler = new StepLR(optimizer, stepSize: 2, gamma: 0.5, hyperparameter: "weight_decay");
        for (int e = 1; e <= 4; e++) scheduler.Step();
        Assert.Equal(0.025, optimizer.Groups[0].Hyperparameters.GetHyperparameter("weight_decay"), 15);
        Assert.Equal(0.01, Lr(optimizer));
        Assert.Equal(0.1, optimizer.Groups[0].InitialValues["weight_decay"]);
        Assert.Equal("hyperparameter", Assert.Throws<ArgumentException>(() => new StepLR(optimizer, 2, hyperparameter: "momentum")).ParamName);
    }

    [Fact]
    public void The_first_scheduler_fixes_the_base_value_as_torch_initial_lr()
    {
        // torch: group.setdefault("initial_lr", group["lr"]) — a second scheduler starts from the same base.
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        var warmUp = new LinearLR(optimizer, startFactor: 0.5, totalIters: 2);
        Assert.Equal(0.05, Lr(optimizer), 15);
        var second = new StepLR(optimizer, stepSize: 1);
        Assert.Equal([0.1], second.BaseValues);
        Assert.Equal(0.1, optimizer.Groups[0].InitialValues["lr"]);
        Assert.Equal(0, warmUp.LastEpoch);
    }

    [Fact]
    public void A_value_outside_the_range_refuses_the_step_and_changes_nothing()
    {
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        var scheduler = new ExponentialLR(optimizer, gamma: 1e308);
        scheduler.Step();
        StepRefused(scheduler, "ExponentialLR computed lr = Infinity for group 0 at step 2, outside its range [0, inf); nothing was changed.");
    }

    [Fact]
    public void Bad_schedule_arguments_are_refused()
    {
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepLR(optimizer, stepSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingLR(optimizer, tMax: 0));
        Assert.Equal("startFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(optimizer, startFactor: 0)).ParamName);
        Assert.Equal("endFactor", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(optimizer, endFactor: 1.5)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneCycleLR(optimizer, maxLr: -1, totalSteps: 10, cycleMomentum: false));
        Assert.Throws<ArgumentException>(() => new OneCycleLR(optimizer, [0.1, 0.2], totalSteps: 10, cycleMomentum: false));
        var a = new StepLR(optimizer, 2);
        Assert.Throws<ArgumentException>(() => new SequentialLR(optimizer, [a, new StepLR(optimizer, 3)], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequentialLR(optimizer, [a, new StepLR(optimizer, 3), new StepLR(optimizer, 4)], [5, 5]));
        var other = OptimizerWithLr(new Sgd(), 0.1);
        Assert.Throws<ArgumentException>(() => new ChainedScheduler([a, new StepLR(other, 2)]));
        Assert.Throws<ArgumentException>(() => new ChainedScheduler([]));
        Assert.Throws<ArgumentException>(() => new StepLR(new Optimizer<float>(new Sgd()), 2));
    }

    [Fact]
    public void Groups_added_after_the_scheduler_are_refused_at_the_next_step()
    {
        var optimizer = OptimizerWithLr(new Sgd(), 0.1);
        var scheduler = new StepLR(optimizer, 2);
        optimizer.AddGroup([new Parameter<float>(new float[1], new float[1])]);
        Assert.Contains("had 1 parameter groups when the scheduler was created and has 2 now", Assert.Throws<InvalidOperationException>(scheduler.Step).Message);
    }
}
