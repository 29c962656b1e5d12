using System.Text;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// A checkpoint whose bytes are well-formed (valid CRC) but whose values no API call could have produced is refused,
/// naming the value, and nothing changes; so is a checkpoint followed by more bytes.
/// </summary>
public class CheckpointValueTests
{
    private static Optimizer<float> Trained(OptimizerHyperparameters definition, int steps = 2)
    {
        var fixture = new TrainingFixture<float>(seed: 5, 12, 3);
        var optimizer = new Optimizer<float>(definition, fixture.Parameters());
        for (int step = 0; step < steps; step++)
        {
            fixture.ComputeGradients(step);
            optimizer.Step();
        }
        return optimizer;
    }

    private static byte[] Saved(Optimizer optimizer, LRScheduler? scheduler = null, GradScaler? scaler = null)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, optimizer, scheduler, scaler);
        return stream.ToArray();
    }

    private static void Refused(byte[] checkpoint, Optimizer<float> target, LRScheduler? scheduler, string expectedMessagePart)
    {
        string before = Snapshot.Of(target) + (scheduler is null ? "" : Snapshot.Of(scheduler));
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new MemoryStream(checkpoint), target, scheduler));
        Assert.Contains(expectedMessagePart, error.Message);
        Assert.Equal(before, Snapshot.Of(target) + (scheduler is null ? "" : Snapshot.Of(scheduler)));
    }

    [Fact]
    public void A_step_count_no_step_can_follow_is_refused()
    {
        var saved = Trained(new Adam());
        var steps = saved.Groups[0].Steps;
        steps.Restore(long.MaxValue, steps.StepsBeforeState, steps.StepState);
        Refused(Saved(saved), Trained(new Adam(), steps: 1), null, "group 0 has taken 9223372036854775807 steps");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_finite_per_step_state_is_refused(double muProduct)
    {
        var saved = Trained(new NAdam());
        var steps = saved.Groups[0].Steps;
        steps.Restore(steps.StepCount, steps.StepsBeforeState, [muProduct]);
        Refused(Saved(saved), Trained(new NAdam(), steps: 1), null, "the per-step state 'mu_product' of group 0 is");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(-5.0)]
    public void An_initial_value_outside_its_range_is_refused(double lr)
    {
        var saved = Trained(new Adam());
        saved.Groups[0].SetInitialValue("lr", lr);
        Refused(Saved(saved), Trained(new Adam(), steps: 1), null, "the initial value of 'lr' in group 0 is");
    }

    // The scheduler's section: its kind (a counted string), its epoch, then counted base and last values.
    private static int EpochOffset(byte[] checkpoint, LRScheduler scheduler)
    {
        byte[] kind = Encoding.UTF8.GetBytes(scheduler.GetType().FullName!);
        int at = checkpoint.AsSpan().IndexOf(kind);
        Assert.True(at > 0);
        return at + kind.Length;
    }

    [Fact]
    public void A_scheduler_epoch_before_its_creation_is_refused()
    {
        var saved = Trained(new Adam());
        byte[] checkpoint = Saved(saved, new StepLR(saved, stepSize: 2));
        var target = Trained(new Adam(), steps: 1);
        var scheduler = new StepLR(target, stepSize: 2);
        BitConverter.GetBytes(-7L).CopyTo(checkpoint, EpochOffset(checkpoint, scheduler));
        CheckpointBytes.FixCrc(checkpoint);
        Refused(checkpoint, target, scheduler, "its StepLR is at epoch -7, but this scheduler can be at epochs 0 to 9223372036854775806");
    }

    [Fact]
    public void A_one_cycle_past_its_total_steps_is_refused()
    {
        var saved = Trained(new Adam());
        byte[] checkpoint = Saved(saved, new OneCycleLR(saved, maxLr: 0.01, totalSteps: 10));
        var target = Trained(new Adam(), steps: 1);
        var scheduler = new OneCycleLR(target, maxLr: 0.01, totalSteps: 10);
        BitConverter.GetBytes(11L).CopyTo(checkpoint, EpochOffset(checkpoint, scheduler));
        CheckpointBytes.FixCrc(checkpoint);
        Refused(checkpoint, target, scheduler, "its OneCycleLR is at epoch 11, but this scheduler can be at epochs 0 to 10");
    }

    [Fact]
    public void A_schedule_waiting_inside_a_sequence_may_be_at_epoch_minus_one()
    {
        var saved = Trained(new Adam());
        var sequence = new SequentialLR(saved, [new StepLR(saved, 2), new ExponentialLR(saved, 0.5)], [4]);
        var target = Trained(new Adam(), steps: 1);
        var restored = new SequentialLR(target, [new StepLR(target, 2), new ExponentialLR(target, 0.5)], [4]);
        Checkpoint.Load(new MemoryStream(Saved(saved, sequence)), target, restored);
        Assert.Equal(-1, restored.Schedulers[1].LastEpoch);
    }

    [Theory]
    [InlineData(0, double.NaN)]     // the base value
    [InlineData(1, double.NaN)]     // the last value
    [InlineData(1, -0.5)]
    public void A_scheduler_value_outside_the_range_is_refused(int which, double value)
    {
        var saved = Trained(new Adam());
        byte[] checkpoint = Saved(saved, new StepLR(saved, stepSize: 2));
        var target = Trained(new Adam(), steps: 1);
        var scheduler = new StepLR(target, stepSize: 2);
        // After the epoch: the count of base values (one group), the base value, the count of last values, the last
        // value.
        int at = EpochOffset(checkpoint, scheduler) + 8 + 4 + which * (8 + 4);
        Assert.Equal(1e-3, BitConverter.ToDouble(checkpoint, at));
        BitConverter.GetBytes(value).CopyTo(checkpoint, at);
        CheckpointBytes.FixCrc(checkpoint);
        Refused(checkpoint, target, scheduler, $"one of the {(which == 0 ? "base" : "last")} values of its StepLR is lr = ");
    }

    [Fact]
    public void Bytes_after_the_checksum_are_refused()
    {
        byte[] checkpoint = Saved(Trained(new Adam()));
        Refused([.. checkpoint, .. new byte[16]], Trained(new Adam(), steps: 1), null, "more bytes follow its checksum");
        Refused([.. checkpoint, 0x2A], Trained(new Adam(), steps: 1), null, "more bytes follow its checksum");
    }
}
