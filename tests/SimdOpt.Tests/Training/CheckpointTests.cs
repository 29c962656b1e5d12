using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>Saving, loading and going on gives exactly the trajectory of never stopping.</summary>
public class CheckpointTests
{
    private static readonly int[] Lengths = [300, 64, 5, 1];

    /// <summary>A training run: two groups, a warm-up then cosine schedule, a loss scaler, and an overflowing gradient
    /// at step 3.</summary>
    private sealed class Run<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public Run(OptimizerHyperparameters definition, TrainingFixture<T> fixture)
        {
            Fixture = fixture;
            Optimizer = new Optimizer<T>(definition, fixture.Parameters(..2)) { MaxDegreeOfParallelism = 2 };
            var second = definition.Clone();
            second.SetHyperparameter("lr", definition.GetHyperparameter("lr") * 0.5);
            Optimizer.AddGroup(fixture.Parameters(2..), second);
            Scheduler = new SequentialLR(Optimizer, [new LinearLR(Optimizer, 0.25, 1, 3), new CosineAnnealingLR(Optimizer, 6, 1e-4)], [3]);
            Scaler = new GradScaler(initScale: 256, growthInterval: 2);
        }

        public TrainingFixture<T> Fixture { get; }
        public Optimizer<T> Optimizer { get; }
        public LRScheduler Scheduler { get; }
        public GradScaler Scaler { get; }

        public void Train(int from, int to)
        {
            for (int step = from; step < to; step++)
            {
                Fixture.ComputeGradients(step, Scaler.Scale);
                if (step == 3) Fixture.Gradients[1][0] = T.PositiveInfinity;
                Scaler.Unscale(Optimizer);
                GradientClipping.ClipGradNorm(Optimizer, maxNorm: 1.0);
                Scaler.Step(Optimizer);
                Scaler.Update();
                Scheduler.Step();
            }
        }
    }

    public static TheoryData<string> Optimizers() => new() { "adamw+amsgrad", "nadam", "nadam+decay", "adagrad+accumulator", "rprop", "sgd+nesterov", "adadelta" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Save_load_and_continue_equals_never_stopping(string name)
    {
        var uninterrupted = new Run<float>(Configurations.Create(name), new TrainingFixture<float>(seed: 11, Lengths));
        uninterrupted.Train(0, 10);

        var first = new Run<float>(Configurations.Create(name), new TrainingFixture<float>(seed: 11, Lengths));
        first.Train(0, 5);
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, first.Optimizer, first.Scheduler, first.Scaler);

        // A new process: the model's parameters restored by the caller, everything else from the checkpoint.
        var resumed = new Run<float>(Configurations.Create(name), first.Fixture.CopyValues());
        stream.Position = 0;
        Checkpoint.Load(stream, resumed.Optimizer, resumed.Scheduler, resumed.Scaler);
        resumed.Train(5, 10);

        Assert.Equal(Snapshot.Of(uninterrupted.Optimizer), Snapshot.Of(resumed.Optimizer));
        Assert.Equal(Snapshot.Of(uninterrupted.Scheduler), Snapshot.Of(resumed.Scheduler));
        Assert.Equal(Snapshot.Of(uninterrupted.Scaler), Snapshot.Of(resumed.Scaler));
        // The overflowing step was skipped: 9 steps taken out of 10.
        Assert.Equal(9, resumed.Optimizer.Groups[0].StepCount);
    }

    [Fact]
    public void A_checkpoint_with_parameters_restores_them_and_double_elements_round_trip()
    {
        var uninterrupted = new Run<double>(new NAdam(lr: 0.01), new TrainingFixture<double>(seed: 12, Lengths));
        uninterrupted.Train(0, 8);

        var first = new Run<double>(new NAdam(lr: 0.01), new TrainingFixture<double>(seed: 12, Lengths));
        first.Train(0, 4);
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, first.Optimizer, first.Scheduler, first.Scaler, includeParameters: true);

        // The same model with other parameter values: the checkpoint's values replace them.
        var model = first.Fixture.CopyValues();
        foreach (double[] values in model.Values) values.AsSpan().Fill(0.5);
        var resumed = new Run<double>(new NAdam(lr: 0.01), model);
        stream.Position = 0;
        Checkpoint.Load(stream, resumed.Optimizer, resumed.Scheduler, resumed.Scaler);
        Bitwise.Equal(first.Fixture.Values, resumed.Fixture.Values, "restored parameters");
        resumed.Train(4, 8);
        Assert.Equal(Snapshot.Of(uninterrupted.Optimizer), Snapshot.Of(resumed.Optimizer));
    }

    [Fact]
    public void A_file_is_written_atomically_and_read_back()
    {
        string directory = Directory.CreateTempSubdirectory("simdopt-checkpoint-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.ckpt");
            File.WriteAllText(path, "an older checkpoint");
            var run = new Run<float>(new AdamW(lr: 0.01), new TrainingFixture<float>(seed: 13, Lengths));
            run.Train(0, 3);
            Checkpoint.SaveFile(path, run.Optimizer, run.Scheduler, run.Scaler);
            Assert.Equal([path], Directory.GetFiles(directory));   // no temporary file left beside it

            var resumed = new Run<float>(new AdamW(lr: 0.01), run.Fixture.CopyValues());
            Checkpoint.LoadFile(path, resumed.Optimizer, resumed.Scheduler, resumed.Scaler);
            Assert.Equal(Snapshot.Of(run.Optimizer, includeGradients: false), Snapshot.Of(resumed.Optimizer, includeGradients: false));

            // A save that fails half-way (here: parameter memory that cannot be read any more) leaves the previous file
            // whole and no temporary file.
            byte[] before = File.ReadAllBytes(path);
            var failing = new FailingMemory(10);
            var broken = new Optimizer<float>(new AdamW(), [new Parameter<float>(failing.Memory, new float[10])]);
            failing.Fail = true;
            Assert.Throws<IOException>(() => Checkpoint.SaveFile(path, broken, includeParameters: true));
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal([path], Directory.GetFiles(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_format_starts_with_its_magic_and_version()
    {
        var optimizer = new Optimizer<float>(new Sgd(), [new Parameter<float>(new float[3], new float[3])]);
        using var stream = new MemoryStream();
        Checkpoint.Save(stream, optimizer);
        byte[] bytes = stream.ToArray();
        Assert.Equal("SIMDOPT\0"u8.ToArray(), bytes[..8]);
        Assert.Equal(Checkpoint.FormatVersion, BitConverter.ToInt32(bytes, 8));
        // The CRC-32 of everything before the last four bytes ends the file.
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(..^4)), BitConverter.ToUInt32(bytes, bytes.Length - 4));
    }

    /// <summary>Memory that works until told to fail, as memory a caller released behind the optimizer's
    /// back.</summary>
    private sealed class FailingMemory(int length) : System.Buffers.MemoryManager<float>
    {
        private readonly float[] _values = new float[length];

        public bool Fail { get; set; }

        public override Span<float> GetSpan() => Fail ? throw new IOException("The memory is gone.") : _values;

        public override unsafe System.Buffers.MemoryHandle Pin(int elementIndex = 0)
        {
            var handle = System.Runtime.InteropServices.GCHandle.Alloc(_values, System.Runtime.InteropServices.GCHandleType.Pinned);
            return new System.Buffers.MemoryHandle((float*)handle.AddrOfPinnedObject() + elementIndex, handle);
        }

        public override void Unpin() { }

        protected override void Dispose(bool disposing) { }
    }
}
