using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>A checkpoint that is truncated, corrupt or made for something else is refused, and nothing
/// changes.</summary>
public class CorruptCheckpointTests
{
    private static readonly int[] Lengths = [40, 7];

    private sealed class Target
    {
        public Target(Optimizer<float> optimizer, LRScheduler? scheduler = null, GradScaler? scaler = null)
        {
            Optimizer = optimizer;
            Scheduler = scheduler;
            Scaler = scaler;
        }

        public Optimizer<float> Optimizer { get; }
        public LRScheduler? Scheduler { get; }
        public GradScaler? Scaler { get; }

        public string Snapshot() =>
            Training.Snapshot.Of(Optimizer) + (Scheduler is null ? "" : Training.Snapshot.Of(Scheduler)) + (Scaler is null ? "" : Training.Snapshot.Of(Scaler));
    }

    // An AdamW run with a scheduler and a scaler, a few steps in.
    private static Target Trained(int seed, int steps = 3)
    {
        var fixture = new TrainingFixture<float>(seed, Lengths);
        var optimizer = new Optimizer<float>(new AdamW(lr: 0.01), fixture.Parameters());
        var target = new Target(optimizer, new StepLR(optimizer, stepSize: 2, gamma: 0.5), new GradScaler(growthInterval: 5));
        for (int step = 0; step < steps; step++)
        {
            fixture.ComputeGradients(step, target.Scaler!.Scale);
            target.Scaler.Step(optimizer);
            target.Scaler.Update();
            target.Scheduler!.Step();
        }
        return target;
    }

    private static byte[] Saved(Target source)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, source.Optimizer, source.Scheduler, source.Scaler);
        return stream.ToArray();
    }

    private static void Refused(byte[] checkpoint, Target target, string expectedMessagePart)
    {
        string before = target.Snapshot();
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new MemoryStream(checkpoint), target.Optimizer, target.Scheduler, target.Scaler));
        Assert.Contains(expectedMessagePart, error.Message);
        Assert.Equal(before, target.Snapshot());
    }

    [Fact]
    public void A_truncated_checkpoint_is_refused_wherever_it_ends()
    {
        byte[] whole = Saved(Trained(seed: 1));
        var target = Trained(seed: 2, steps: 1);
        foreach (int length in new[] { 0, 5, 8, 11, 30, whole.Length / 2, whole.Length - 5 })
            Refused(whole[..length], target, "The checkpoint ends early: it is truncated.");
        Refused(whole[..^4], target, "its checksum is missing");
        Refused(whole[..^1], target, "its checksum is missing");
    }

    [Fact]
    public void A_changed_byte_is_caught_by_the_checksum()
    {
        byte[] checkpoint = Saved(Trained(seed: 1));
        var target = Trained(seed: 2, steps: 1);
        // A byte inside the state buffers, one inside the stored checksum.
        foreach (int position in new[] { checkpoint.Length / 2, checkpoint.Length - 2 })
        {
            byte[] corrupt = (byte[])checkpoint.Clone();
            corrupt[position] ^= 0x10;
            Refused(corrupt, target, "The checkpoint is corrupt: its stored CRC-32 is");
        }
    }

    [Fact]
    public void Another_format_or_version_is_refused()
    {
        byte[] checkpoint = Saved(Trained(seed: 1));
        var target = Trained(seed: 2, steps: 1);
        byte[] notOurs = (byte[])checkpoint.Clone();
        notOurs[0] = (byte)'X';
        Refused(notOurs, target, "This is not a SimdOpt checkpoint: it does not start with the bytes \"SIMDOPT\\0\".");
        byte[] future = (byte[])checkpoint.Clone();
        BitConverter.GetBytes(Checkpoint.FormatVersion + 1).CopyTo(future, 8);
        Refused(future, target, "The checkpoint has format version 4; this library reads version 3.");
    }

    private static byte[] SavedBy(Optimizer optimizer)
    {
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, optimizer);
        return stream.ToArray();
    }

    [Fact]
    public void A_checkpoint_of_another_optimizer_is_refused()
    {
        var sgd = new Optimizer<float>(new Sgd(momentum: 0.9), new TrainingFixture<float>(seed: 3, Lengths).Parameters());
        var target = Trained(seed: 2, steps: 1);
        Refused(SavedBy(sgd), new Target(target.Optimizer), "The checkpoint was saved by optimizer 'sgd', but this optimizer is 'adamw'.");
    }

    [Fact]
    public void A_checkpoint_of_another_element_type_is_refused()
    {
        var doubles = new Optimizer<double>(new AdamW(lr: 0.01), new TrainingFixture<double>(seed: 3, Lengths).Parameters());
        var target = Trained(seed: 2, steps: 1);
        Refused(SavedBy(doubles), new Target(target.Optimizer), "The checkpoint holds Double elements, but this optimizer steps Single.");
    }

    [Fact]
    public void A_checkpoint_of_other_groups_or_tensors_is_refused()
    {
        var target = Trained(seed: 2, steps: 1);
        var self = new Target(target.Optimizer);

        byte[] Of(params int[][] groups)
        {
            var optimizer = new Optimizer<float>(new AdamW(lr: 0.01));
            foreach (int[] lengths in groups) optimizer.AddGroup(lengths.Select(n => new Parameter<float>(new float[n], new float[n])));
            return SavedBy(optimizer);
        }

        Refused(Of([40, 7], [3]), self, "The checkpoint has 2 parameter groups, but this optimizer has 1.");
        Refused(Of([40, 7, 1]), self, "Group 0 of the checkpoint has 3 tensors, but group 0 here has 2.");
        Refused(Of([40, 8]), self, "Tensor 1 of group 0 has 8 elements in the checkpoint, but 7 here.");
    }

    [Fact]
    public void A_scheduler_or_scaler_that_does_not_match_is_refused()
    {
        byte[] checkpoint = Saved(Trained(seed: 1));
        var target = Trained(seed: 2, steps: 1);
        Refused(checkpoint, new Target(target.Optimizer, null, target.Scaler), "The checkpoint holds the state of a scheduler; pass the scheduler to restore it.");
        Refused(checkpoint, new Target(target.Optimizer, target.Scheduler, null), "The checkpoint holds the state of a loss scaler; pass the loss scaler to restore it.");
        var exponential = new Target(target.Optimizer, new ExponentialLR(target.Optimizer, 0.9), target.Scaler);
        Refused(checkpoint, exponential, "The checkpoint holds the state of a SimdOpt.Training.StepLR, but the scheduler given is a SimdOpt.Training.ExponentialLR.");
        var shortInterval = new Target(target.Optimizer, target.Scheduler, new GradScaler(growthInterval: 2));
        Refused(checkpoint, shortInterval, "this scaler's must lie in [0, 2)");

        Refused(SavedBy(target.Optimizer), target, "The checkpoint holds no scheduler state, but a scheduler was given to restore.");
    }

    [Fact]
    public void A_scheduler_of_another_optimizer_is_refused_as_an_argument()
    {
        var target = Trained(seed: 2, steps: 1);
        var other = Trained(seed: 3, steps: 1);
        var error = Assert.Throws<ArgumentException>(() => Checkpoint.Load(new MemoryStream(Saved(target)), target.Optimizer, other.Scheduler, target.Scaler));
        Assert.Equal("scheduler", error.ParamName);
    }
}
