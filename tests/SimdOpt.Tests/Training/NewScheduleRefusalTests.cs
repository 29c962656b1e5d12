using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// The schedulers added for torch users (ReduceLROnPlateau, LambdaLR, MultiplicativeLR, ConstantLR, PolynomialLR,
/// CosineAnnealingWarmRestarts, CyclicLR) refuse bad arguments at construction, naming them, and a refusal changes
/// nothing: not the groups' values, not their initial values.
/// </summary>
public class NewScheduleRefusalTests
{
    private static Optimizer<float> Sgd(params double[] lrs)
    {
        var optimizer = new Optimizer<float>(new Sgd(momentum: 0.9));
        foreach (double lr in lrs.Length == 0 ? [0.1] : lrs)
            optimizer.AddGroup([new Parameter<float>(new float[2], new float[2])], new Sgd(lr: lr, momentum: 0.9));
        return optimizer;
    }

    private static string State(Optimizer<float> optimizer) => Snapshot.Of(optimizer)
        + string.Join(";", optimizer.Groups.Select(g => string.Join(",", g.InitialValues.Select(v => v.ToString()))));

    // Constructs, expects the exception with the argument's name, and checks the optimizer is as it was.
    private static void Refused<TException>(Optimizer<float> optimizer, string argument, Func<LRScheduler> create)
        where TException : ArgumentException
    {
        string before = State(optimizer);
        Assert.Equal(argument, Assert.Throws<TException>(() => create()).ParamName);
        Assert.Equal(before, State(optimizer));
    }

    public static TheoryData<string, Func<Optimizer, LRScheduler>> OutOfRange => new()
    {
        { "factor", o => new ConstantLR(o, factor: 0) },
        { "factor", o => new ConstantLR(o, factor: 1.5) },
        { "factor", o => new ConstantLR(o, factor: double.NaN) },
        { "totalIters", o => new ConstantLR(o, totalIters: 0) },
        { "totalIters", o => new PolynomialLR(o, totalIters: 0) },
        { "power", o => new PolynomialLR(o, power: -1) },
        { "power", o => new PolynomialLR(o, power: double.PositiveInfinity) },
        { "t0", o => new CosineAnnealingWarmRestarts(o, t0: 0) },
        { "tMult", o => new CosineAnnealingWarmRestarts(o, t0: 5, tMult: 0) },
        { "etaMin", o => new CosineAnnealingWarmRestarts(o, t0: 5, etaMin: -1e-3) },
        { "baseLr", o => new CyclicLR(o, baseLr: -0.01, maxLr: 0.1) },
        { "maxLr", o => new CyclicLR(o, baseLr: 0.01, maxLr: double.PositiveInfinity) },
        { "stepSizeUp", o => new CyclicLR(o, 0.01, 0.1, stepSizeUp: 0) },
        { "stepSizeDown", o => new CyclicLR(o, 0.01, 0.1, stepSizeDown: -1) },
        { "mode", o => new CyclicLR(o, 0.01, 0.1, mode: (CyclicMode)3) },
        { "scaleMode", o => new CyclicLR(o, 0.01, 0.1, scaleMode: (CyclicScaleMode)2) },
        { "gamma", o => new CyclicLR(o, 0.01, 0.1, mode: CyclicMode.ExpRange, gamma: -0.5) },
        { "baseMomentum", o => new CyclicLR(o, 0.01, 0.1, baseMomentum: -0.1) },
        { "maxMomentum", o => new CyclicLR(o, 0.01, 0.1, maxMomentum: double.NaN) },
        { "mode", o => new ReduceLROnPlateau(o, mode: (PlateauMode)2) },
        { "factor", o => new ReduceLROnPlateau(o, factor: 1) },
        { "factor", o => new ReduceLROnPlateau(o, factor: -0.1) },
        { "patience", o => new ReduceLROnPlateau(o, patience: -1) },
        { "threshold", o => new ReduceLROnPlateau(o, threshold: -1e-4) },
        { "threshold", o => new ReduceLROnPlateau(o, threshold: 1) },   // min, rel: nothing improves on infinity
        { "thresholdMode", o => new ReduceLROnPlateau(o, thresholdMode: (ThresholdMode)2) },
        { "cooldown", o => new ReduceLROnPlateau(o, cooldown: -1) },
        { "minLr", o => new ReduceLROnPlateau(o, minLr: -1e-6) },
        { "minLr", o => new ReduceLROnPlateau(o, minLr: [0.0, double.NaN]) },
        { "eps", o => new ReduceLROnPlateau(o, eps: double.NaN) },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_number_out_of_range_is_refused_naming_it(string argument, Func<Optimizer, LRScheduler> create)
    {
        var optimizer = Sgd(0.1, 0.05);
        // A scheduler created before has recorded the initial values, which a refused one must not touch.
        _ = new StepLR(optimizer, stepSize: 5);
        Refused<ArgumentOutOfRangeException>(optimizer, argument, () => create(optimizer));
    }

    [Fact]
    public void Thresholds_of_1_or_more_are_allowed_where_something_can_improve_on_them()
    {
        // Max, rel 1: an improvement must double the best; min, abs 5: it must be 5 lower.
        var doubling = new ReduceLROnPlateau(Sgd(), PlateauMode.Max, threshold: 1);
        var byFive = new ReduceLROnPlateau(Sgd(), threshold: 5, thresholdMode: ThresholdMode.Abs);
        foreach (double metric in (ReadOnlySpan<double>)[1.0, 1.9, 2.1])
        {
            doubling.Step(metric);
            byFive.Step(10 - 4 * metric);
        }
        Assert.Equal((2.1, 0L), (doubling.Best, doubling.NumBadEpochs));
        Assert.Equal((6.0, 2L), (byFive.Best, byFive.NumBadEpochs));
    }

    [Fact]
    public void A_list_per_group_of_the_wrong_length_or_with_a_null_is_refused_naming_it()
    {
        var optimizer = Sgd(0.1, 0.05);
        Refused<ArgumentException>(optimizer, "lrLambdas", () => new LambdaLR(optimizer, [_ => 1.0]));
        Refused<ArgumentException>(optimizer, "lrLambdas", () => new MultiplicativeLR(optimizer, [_ => 1.0, null!]));
        Refused<ArgumentNullException>(optimizer, "lrLambda", () => new LambdaLR(optimizer, (Func<long, double>)null!));
        Refused<ArgumentNullException>(optimizer, "lrLambdas",
            () => new MultiplicativeLR(optimizer, (IReadOnlyList<Func<long, double>>)null!));
        Refused<ArgumentException>(optimizer, "baseLr", () => new CyclicLR(optimizer, [0.01], [0.1, 0.1]));
        Refused<ArgumentException>(optimizer, "maxLr", () => new CyclicLR(optimizer, [0.01, 0.01], [0.1]));
        Refused<ArgumentException>(optimizer, "maxMomentum",
            () => new CyclicLR(optimizer, [0.01, 0.01], [0.1, 0.1], maxMomentum: [0.9, 0.9, 0.9]));
        Refused<ArgumentException>(optimizer, "minLr", () => new ReduceLROnPlateau(optimizer, minLr: [0.0]));
    }

    [Fact]
    public void CyclicLR_refuses_to_cycle_the_momentum_of_an_optimizer_without_one()
    {
        var optimizer = new Optimizer<float>(new Adagrad(), [new Parameter<float>(new float[2], new float[2])]);
        string before = Snapshot.Of(optimizer);
        var error = Assert.Throws<ArgumentException>(() => new CyclicLR(optimizer, 0.01, 0.1));
        Assert.Equal("optimizer", error.ParamName);
        Assert.Equal("Optimizer 'adagrad' has neither 'beta1' nor 'momentum' to cycle; pass cycleMomentum: false. "
            + "(Parameter 'optimizer')", error.Message);
        Assert.Equal(before, Snapshot.Of(optimizer));

        var cyclic = new CyclicLR(optimizer, 0.01, 0.1, stepSizeUp: 4, cycleMomentum: false);
        cyclic.Step();
        Assert.Null(cyclic.MomentumHyperparameter);
        Assert.Equal(0.01 + (0.1 - 0.01) * 0.25, optimizer.Groups[0].Hyperparameters.GetHyperparameter("lr"));
    }

    [Fact]
    public void A_cyclic_lr_whose_first_step_is_refused_puts_the_groups_back()
    {
        // A scale function of one's own can compute a value out of range; the constructor has set base_lr by then.
        var optimizer = Sgd(0.1);
        string before = State(optimizer);
        var error = Assert.Throws<InvalidOperationException>(
            () => new CyclicLR(optimizer, 0.01, 0.1, scaleFn: _ => double.NaN, cycleMomentum: false));
        Assert.StartsWith("CyclicLR computed lr = NaN for group 0 at step 0", error.Message);
        Assert.Equal(before, State(optimizer));
    }

    [Fact]
    public void A_lambda_that_throws_or_computes_a_value_out_of_range_refuses_the_step_and_changes_nothing()
    {
        var optimizer = Sgd(0.1);
        var lambda = new LambdaLR(optimizer, e => e < 3 ? 1.0 / (e + 1) : e == 3 ? -1 : throw new TimeoutException());
        lambda.Step();
        lambda.Step();
        string before = State(optimizer) + Snapshot.Of(lambda);
        Assert.StartsWith("LambdaLR computed lr = -0.1 for group 0 at step 3",
            Assert.Throws<InvalidOperationException>(lambda.Step).Message);
        Assert.Equal(before, State(optimizer) + Snapshot.Of(lambda));
        Assert.Equal(2, lambda.LastEpoch);
    }

    [Fact]
    public void A_checkpoint_restores_a_lambda_schedule_s_epoch_and_values_but_not_its_delegate()
    {
        // As torch's state_dict: the position comes back, the function is the one the new scheduler was given.
        var optimizer = Sgd(0.1);
        var halving = new MultiplicativeLR(optimizer, _ => 0.5);
        for (int step = 0; step < 3; step++) halving.Step();
        using var checkpoint = new MemoryStream();
        Checkpoint.Save(checkpoint, optimizer, halving);

        var resumed = Sgd(0.1);
        var tenths = new MultiplicativeLR(resumed, _ => 0.1);
        checkpoint.Position = 0;
        Checkpoint.Load(checkpoint, resumed, tenths);
        Assert.Equal((3L, 0.1 * 0.125), (tenths.LastEpoch, tenths.LastValues[0]));
        tenths.Step();
        Assert.Equal(0.1 * 0.125 * 0.1, resumed.Groups[0].Hyperparameters.GetHyperparameter("lr"));
    }

    [Fact]
    public void ReduceLROnPlateau_steps_only_on_a_metric_and_cannot_be_composed()
    {
        var optimizer = Sgd();
        var plateau = new ReduceLROnPlateau(optimizer);
        Assert.Equal("ReduceLROnPlateau steps on a metric: call Step(metric).",
            Assert.Throws<InvalidOperationException>(plateau.Step).Message);
        Assert.Equal(0, plateau.LastEpoch);
        var chained = Assert.Throws<ArgumentException>(() => new ChainedScheduler([new StepLR(optimizer, 2), plateau]));
        Assert.Equal("schedulers", chained.ParamName);
        Assert.StartsWith("ChainedScheduler cannot hold a ReduceLROnPlateau (scheduler 1)", chained.Message);
        Assert.Equal("schedulers", Assert.Throws<ArgumentException>(
            () => new SequentialLR(optimizer, [plateau, new StepLR(optimizer, 2)], [5])).ParamName);
    }

    [Fact]
    public void ReduceLROnPlateau_counts_a_nan_metric_as_no_improvement_as_torch()
    {
        var optimizer = Sgd();
        var plateau = new ReduceLROnPlateau(optimizer, patience: 1, factor: 0.5);
        plateau.Step(1.0);
        plateau.Step(double.NaN);
        Assert.Equal((1.0, 1L), (plateau.Best, plateau.NumBadEpochs));
        plateau.Step(double.NaN);
        Assert.Equal((1.0, 0L), (plateau.Best, plateau.NumBadEpochs));
        Assert.Equal(0.05, optimizer.Groups[0].Hyperparameters.GetHyperparameter("lr"));
    }

    [Fact]
    public void Groups_added_after_a_plateau_scheduler_are_refused_at_the_next_step()
    {
        var optimizer = Sgd();
        var plateau = new ReduceLROnPlateau(optimizer, patience: 0);
        plateau.Step(1.0);
        optimizer.AddGroup([new Parameter<float>(new float[2], new float[2])], new Sgd(lr: 0.3));
        string before = Snapshot.Of(plateau);
        Assert.Throws<InvalidOperationException>(() => plateau.Step(2.0));
        Assert.Equal(before, Snapshot.Of(plateau));
    }

    [Theory]
    [InlineData(0, "best NaN, 0 bad epochs and cooldown 0")]
    [InlineData(1, "best 0.5, 4 bad epochs and cooldown 0")]
    [InlineData(2, "best 0.5, 0 bad epochs and cooldown 3")]
    [InlineData(3, "best 0.5, 1 bad epochs and cooldown 1")]
    public void A_checkpoint_with_plateau_state_no_step_can_reach_is_refused(int edit, string state)
    {
        // patience 3, cooldown 2; saved after two steps: best 0.5, 1 bad epoch, no cooldown.
        var optimizer = Sgd();
        var plateau = new ReduceLROnPlateau(optimizer, patience: 3, cooldown: 2);
        plateau.Step(0.5);
        plateau.Step(0.7);
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, optimizer, plateau);
        byte[] bytes = stream.ToArray();
        // The plateau state sits before the child count (int32), the scaler's flag (byte) and the CRC (uint32).
        int best = bytes.Length - 4 - 1 - 4 - 4 - 8 - 8, bad = best + 8, cooldown = bad + 8;
        Assert.Equal(0.5, BitConverter.ToDouble(bytes, best));
        Assert.Equal(1L, BitConverter.ToInt64(bytes, bad));
        switch (edit)
        {
            case 0:
                BitConverter.GetBytes(double.NaN).CopyTo(bytes, best);
                BitConverter.GetBytes(0L).CopyTo(bytes, bad);
                break;
            case 1:
                BitConverter.GetBytes(4L).CopyTo(bytes, bad);
                break;
            case 2:
                BitConverter.GetBytes(0L).CopyTo(bytes, bad);
                BitConverter.GetBytes(3).CopyTo(bytes, cooldown);
                break;
            default:
                BitConverter.GetBytes(1).CopyTo(bytes, cooldown);
                break;
        }
        CheckpointBytes.FixCrc(bytes);

        var target = Sgd();
        var targetPlateau = new ReduceLROnPlateau(target, patience: 3, cooldown: 2);
        string before = Snapshot.Of(target) + Snapshot.Of(targetPlateau);
        var error = Assert.Throws<InvalidDataException>(
            () => Checkpoint.Load(new MemoryStream(bytes), target, targetPlateau));
        Assert.Equal($"The checkpoint is corrupt: its ReduceLROnPlateau has {state}, "
            + "which this one (patience 3, cooldown 2) cannot reach.", error.Message);
        Assert.Equal(before, Snapshot.Of(target) + Snapshot.Of(targetPlateau));
    }
}
