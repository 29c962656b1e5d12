using System.Globalization;
using System.Text.Json;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training.TorchSchedules;

/// <summary>
/// The schedulers against the values torch 1.13's own schedulers produced (schedules.json, written by
/// make_schedules.py), over 240 steps per case. A case whose formula uses only + - * / and comparisons must match bit
/// for bit (the same operations in the same order give the same doubles); one that goes through pow or cos matches to
/// 1e-12 relative, as libm's pow and cos may differ in the last bit between platforms.
/// </summary>
public class TorchScheduleTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Cases => [.. TorchSchedules.Names];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Follows_torch(string name)
    {
        var @case = TorchSchedules.Case(name);
        var optimizer = TorchSchedules.Optimizer(@case);
        var scheduler = TorchSchedules.Scheduler(@case, optimizer);
        for (int step = 0; step <= TorchSchedules.StepCount(@case); step++)
        {
            if (step > 0) TorchSchedules.Step(@case, scheduler, step);
            Assert.Equal(step, scheduler.LastEpoch);
            AgreesWithTorch(@case, optimizer, scheduler, step);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resumed_from_a_checkpoint_mid_schedule_goes_on_as_if_never_stopped(string name)
    {
        var @case = TorchSchedules.Case(name);
        int stop = 97, end = TorchSchedules.StepCount(@case);
        var optimizer = TorchSchedules.Optimizer(@case);
        var scheduler = TorchSchedules.Scheduler(@case, optimizer);
        for (int step = 1; step <= stop; step++) TorchSchedules.Step(@case, scheduler, step);
        using var checkpoint = new MemoryStream();
        Checkpoint.Save(checkpoint, optimizer, scheduler);

        var resumed = TorchSchedules.Optimizer(@case);
        var resumedScheduler = TorchSchedules.Scheduler(@case, resumed);
        checkpoint.Position = 0;
        Checkpoint.Load(checkpoint, resumed, resumedScheduler);
        Assert.Equal(Snapshot.Of(scheduler), Snapshot.Of(resumedScheduler));
        for (int step = stop + 1; step <= end; step++)
        {
            TorchSchedules.Step(@case, scheduler, step);
            TorchSchedules.Step(@case, resumedScheduler, step);
            AgreesWithTorch(@case, resumed, resumedScheduler, step);
            Assert.Equal(Snapshot.Of(optimizer), Snapshot.Of(resumed));
            Assert.Equal(Snapshot.Of(scheduler), Snapshot.Of(resumedScheduler));
        }
    }

    [Fact]
    public void CyclicLR_cycles_beta1_of_an_adam_like_torch_2_cycles_betas_0()
    {
        // torch 1.13 cycles only `momentum`; torch 2.x cycles `betas[0]` by the same formula, so Adam's beta1 follows
        // the momenta torch gave SGD.
        var @case = TorchSchedules.Case("cyclic_triangular");
        var optimizer = TorchSchedules.Optimizer(@case, new Adam());
        var scheduler = (CyclicLR)TorchSchedules.Scheduler(@case, optimizer);
        Assert.Equal("beta1", scheduler.MomentumHyperparameter);
        for (int step = 0; step <= TorchSchedules.StepCount(@case); step++)
        {
            if (step > 0) scheduler.Step();
            double[] momenta = TorchSchedules.Expected(@case, step, "momenta");
            for (int g = 0; g < momenta.Length; g++)
                Assert.Equal(momenta[g], optimizer.Groups[g].Hyperparameters.GetHyperparameter("beta1"));
        }
    }

    [Fact]
    public void The_plateau_cases_reduce_after_patience_skip_cooldown_and_stop_at_min_lr()
    {
        // Landmarks of the torch run, so a mistake in the script shows too: with patience 3 and cooldown 2, the first
        // reduction comes at step 45, then one every 6 steps (cooldown 2 + patience 3 + 1) while the plateau lasts,
        // down to min_lr 0.002.
        var @case = TorchSchedules.Case("plateau_min_rel_cooldown");
        int[] changes = [.. Enumerable.Range(1, TorchSchedules.StepCount(@case))
            .Where(s => TorchSchedules.Expected(@case, s)[0] != TorchSchedules.Expected(@case, s - 1)[0])];
        Assert.Equal([45, 51, 57, 63, 69, 75], changes);
        Assert.Equal([0.002, 0.002], TorchSchedules.Expected(@case, TorchSchedules.StepCount(@case)));
        // eps: 0.059049 · 0.9 lowers it by less than eps 0.006, and 0.05 would be floored at 0.049, by less too.
        var eps = TorchSchedules.Case("plateau_max_abs_eps");
        Assert.Equal([0.05904900000000002, 0.05], TorchSchedules.Expected(eps, TorchSchedules.StepCount(eps)));
    }

    [Fact]
    public void Warm_restarts_with_t_mult_2_restart_at_10_30_70_and_150()
    {
        var @case = TorchSchedules.Case("warm_restarts_t_mult_2");
        var optimizer = TorchSchedules.Optimizer(@case);
        var scheduler = (CosineAnnealingWarmRestarts)TorchSchedules.Scheduler(@case, optimizer);
        var restarts = new List<long>();
        for (int step = 1; step <= TorchSchedules.StepCount(@case); step++)
        {
            scheduler.Step();
            if (scheduler.PeriodStep == 0) restarts.Add(step);
            Assert.Equal(TorchSchedules.Expected(@case, step)[0] == 0.1, scheduler.PeriodStep == 0);
        }
        Assert.Equal([10, 30, 70, 150], restarts);
        Assert.Equal(160, scheduler.PeriodLength);
    }

    private static void AgreesWithTorch(JsonElement @case, Optimizer optimizer, LRScheduler scheduler, int step)
    {
        bool exact = TorchSchedules.Exact(@case);
        double[] lrs = TorchSchedules.Expected(@case, step);
        for (int g = 0; g < lrs.Length; g++)
        {
            double lr = optimizer.Groups[g].Hyperparameters.GetHyperparameter("lr");
            Agrees(lrs[g], lr, exact, $"lr of group {g}");
            Assert.Equal(lr, scheduler.LastValues[g]);
        }
        if (!@case.TryGetProperty("momenta", out _)) return;
        double[] momenta = TorchSchedules.Expected(@case, step, "momenta");
        for (int g = 0; g < momenta.Length; g++)
            Agrees(momenta[g], optimizer.Groups[g].Hyperparameters.GetHyperparameter("momentum"), exact,
                $"momentum of group {g}");

        void Agrees(double torch, double actual, bool bitwise, string what) => Assert.True(
            bitwise ? BitConverter.DoubleToInt64Bits(torch) == BitConverter.DoubleToInt64Bits(actual)
                : Math.Abs(actual - torch) <= Tolerance * Math.Abs(torch),
            string.Create(CultureInfo.InvariantCulture,
                $"{@case.GetProperty("name").GetString()} step {step}: {what} is {actual:R}, torch {torch:R}"));
    }
}
