using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.Averaging;

/// <summary>
/// <see cref="SWALR"/> against torch's formula (torch.optim.swa_utils.SWALR.get_lr, torch 1.13 and 2.x) over 250
/// steps: cos and linear annealing, no annealing, per-group targets, a value changed between steps (which torch's use
/// of the current value carries over), refusals and the checkpoint round trip.
/// </summary>
public sealed class SWALRTests
{
    private static Optimizer<float> Sgd(params double[] lrs)
    {
        var optimizer = new Optimizer<float>(new Sgd());
        foreach (double lr in lrs) optimizer.AddGroup([new Parameter<float>(new float[2], new float[2])], new Sgd(lr));
        return optimizer;
    }

    private static double Lr(Optimizer optimizer, int group) =>
        optimizer.Groups[group].Hyperparameters.GetHyperparameter("lr");

    // torch's SWALR.get_lr, written out from torch/optim/swa_utils.py: step is _step_count - 1.
    private static double TorchLr(double current, double swaLr, long step, int annealEpochs, bool cos)
    {
        double Anneal(double t) => cos ? (1 - Math.Cos(Math.PI * t)) / 2 : t;
        if (annealEpochs == 0) step = Math.Max(1, step);
        double prevT = Math.Max(0, Math.Min(1, (step - 1) / (double)Math.Max(1, annealEpochs)));
        double prevAlpha = Anneal(prevT);
        double prevLr = prevAlpha == 1 ? swaLr : (current - prevAlpha * swaLr) / (1 - prevAlpha);
        double t = Math.Max(0, Math.Min(1, step / (double)Math.Max(1, annealEpochs)));
        double alpha = Anneal(t);
        return swaLr * alpha + prevLr * (1 - alpha);
    }

    [Theory]
    [InlineData(10, AnnealStrategy.Cos)]
    [InlineData(10, AnnealStrategy.Linear)]
    [InlineData(1, AnnealStrategy.Cos)]
    [InlineData(0, AnnealStrategy.Linear)]
    [InlineData(300, AnnealStrategy.Cos)]
    public void Follows_torchs_formula_for_250_steps(int annealEpochs, AnnealStrategy strategy)
    {
        var optimizer = Sgd(0.1, 0.03);
        double[] swaLrs = [0.01, 0.05];
        double[] expected = [0.1, 0.03];
        var schedule = new SWALR(optimizer, swaLrs, annealEpochs, strategy);
        for (long step = 0; step <= 250; step++)
        {
            if (step > 0) schedule.Step();
            if (step == 120) optimizer.Groups[0].Hyperparameters.SetHyperparameter("lr", 0.2);   // the user's change
            for (int g = 0; g < 2; g++)
            {
                if (step == 120 && g == 0) expected[0] = 0.2;
                else expected[g] = TorchLr(expected[g], swaLrs[g], step, annealEpochs, strategy == AnnealStrategy.Cos);
                if (step == 120 && g == 0) continue;
                Assert.Equal(expected[g], Lr(optimizer, g));
            }
        }
    }

    [Theory]
    [InlineData(AnnealStrategy.Cos)]
    [InlineData(AnnealStrategy.Linear)]
    public void Anneals_from_the_base_to_swa_lr_in_closed_form_and_stays(AnnealStrategy strategy)
    {
        // Without interference the recurrence is swa·alpha(s) + base·(1 - alpha(s)), and swa from annealEpochs on.
        const double lr = 0.1, swa = 0.01;
        const int annealEpochs = 8;
        var optimizer = Sgd(lr);
        var schedule = new SWALR(optimizer, swa, annealEpochs, strategy);
        for (int s = 0; s <= 40; s++)
        {
            if (s > 0) schedule.Step();
            double t = Math.Min(1.0, s / (double)annealEpochs);
            double alpha = strategy == AnnealStrategy.Cos ? (1 - Math.Cos(Math.PI * t)) / 2 : t;
            Assert.Equal(swa * alpha + lr * (1 - alpha), Lr(optimizer, 0), 1e-15);
        }
        Assert.Equal(swa, Lr(optimizer, 0), 1e-17);
    }

    [Fact]
    public void Half_way_through_a_cosine_anneal_the_value_is_the_mean()
    {
        var optimizer = Sgd(0.1);
        var schedule = new SWALR(optimizer, 0.01, annealEpochs: 4);
        schedule.Step();
        schedule.Step();
        Assert.Equal(0.055, Lr(optimizer, 0), 1e-15);
    }

    [Fact]
    public void Bad_arguments_are_refused_naming_them_and_nothing_is_set()
    {
        var optimizer = Sgd(0.1, 0.2);
        Assert.Equal("swaLr", Assert.Throws<ArgumentOutOfRangeException>(() => new SWALR(optimizer, -0.01)).ParamName);
        Assert.Equal("swaLr",
            Assert.Throws<ArgumentOutOfRangeException>(() => new SWALR(optimizer, double.NaN)).ParamName);
        Assert.Equal("swaLrs",
            Assert.Throws<ArgumentOutOfRangeException>(() => new SWALR(optimizer, [0.1, -1.0])).ParamName);
        var count = Assert.Throws<ArgumentException>(() => new SWALR(optimizer, [0.1]));
        Assert.Equal("swaLrs", count.ParamName);
        Assert.Contains("has 1 values, but the optimizer has 2 groups", count.Message);
        Assert.Equal("annealEpochs",
            Assert.Throws<ArgumentOutOfRangeException>(() => new SWALR(optimizer, 0.01, annealEpochs: -1)).ParamName);
        Assert.Equal("annealStrategy", Assert.Throws<ArgumentOutOfRangeException>(
            () => new SWALR(optimizer, 0.01, annealStrategy: (AnnealStrategy)7)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new SWALR(optimizer, (IReadOnlyList<double>)null!));
        Assert.Equal(0.1, Lr(optimizer, 0));
        Assert.Equal(0.2, Lr(optimizer, 1));
        Assert.Empty(optimizer.Groups[0].InitialValues);
    }

    [Fact]
    public void A_checkpoint_round_trip_resumes_the_schedule()
    {
        var optimizer = Sgd(0.1);
        var schedule = new SWALR(optimizer, 0.02, annealEpochs: 15);
        for (int s = 0; s < 6; s++) schedule.Step();
        using var saved = new MemoryStream();
        Checkpoint.Save(saved, optimizer, schedule);

        var resumed = Sgd(0.1);
        var resumedSchedule = new SWALR(resumed, 0.02, annealEpochs: 15);
        saved.Position = 0;
        Checkpoint.Load(saved, resumed, resumedSchedule);
        Assert.Equal(6, resumedSchedule.LastEpoch);
        for (int s = 0; s < 20; s++)
        {
            schedule.Step();
            resumedSchedule.Step();
            Assert.Equal(Lr(optimizer, 0), Lr(resumed, 0));
        }
    }
}
