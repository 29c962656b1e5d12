using SimdOpt.Optimizers;
using SimdOpt.Tests.Golden;
using SimdOpt.Tests.Training;
using SimdOpt.Training;
using SimdOpt.Training.Interchange;

namespace SimdOpt.Tests.Interchange;

/// <summary>Optimizers rebuilt from a file alone — a SimdOpt checkpoint
/// (<see cref="Checkpoint.LoadDetachedFile"/>) or a torch file (<see cref="TorchCheckpoint.Rebuild"/>) — hold what the
/// file holds, in the layout it describes.</summary>
public class RebuildTests
{
    [Fact]
    public void A_checkpoint_with_a_scaler_rebuilds_its_double_optimizer_bit_for_bit()
    {
        var optimizer = Trained();
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "run.ckpt");
        Checkpoint.SaveFile(path, optimizer, scaler: new GradScaler(), includeParameters: true);

        var rebuilt = Checkpoint.LoadDetachedFile(path, out bool hasParameters, out bool hasOtherState);

        Assert.True(hasParameters);
        Assert.True(hasOtherState);
        Assert.Equal(Snapshot.Of(optimizer, includeGradients: false),
            Snapshot.Of(Assert.IsType<Optimizer<double>>(rebuilt), includeGradients: false));
    }

    [Fact]
    public void A_corrupt_checkpoint_is_refused_by_its_crc()
    {
        using var folder = new TemporaryFolder();
        string path = Path.Combine(folder.Path, "run.ckpt");
        Checkpoint.SaveFile(path, Trained());
        byte[] bytes = File.ReadAllBytes(path);
        bytes[40] ^= 1;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.LoadDetachedFile(path, out _, out _));
        Assert.StartsWith("The checkpoint is corrupt: its stored CRC-32 is", e.Message);
    }

    [Fact]
    public void A_double_export_rebuilds_as_a_double_optimizer_named_by_the_file()
    {
        var optimizer = Trained();
        var rebuilt = TorchCheckpoint.Rebuild(TorchCheckpoint.Export(optimizer, includeParameters: true));
        Assert.Equal(Snapshot.Of(optimizer, includeGradients: false),
            Snapshot.Of(Assert.IsType<Optimizer<double>>(rebuilt), includeGradients: false));
        var file = TorchCheckpoint.Export(optimizer);
        var e = Assert.Throws<ArgumentException>(() => TorchCheckpoint.Rebuild(file, "adam"));
        Assert.Equal("The file was exported from SimdOpt's 'rmsprop', not 'adam'. (Parameter 'optimizerName')",
            e.Message);
    }

    [Fact]
    public void A_tensor_whose_length_the_file_does_not_say_is_refused()
    {
        var optimizer = new Optimizer<float>(new RmsProp(), [new Parameter<float>(new float[4], new float[4])]);
        var e = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Rebuild(TorchCheckpoint.Export(optimizer)));
        Assert.Equal("The file holds neither the state nor the values of tensor 0, so its length is unknown.",
            e.Message);
    }

    private static Optimizer<double> Trained()
    {
        var fixture = new TrainingFixture<double>(8, 3, 4, 5);
        var optimizer = new Optimizer<double>(new RmsProp(momentum: 0.5, centered: true), fixture.Parameters(..1));
        optimizer.AddGroup(fixture.Parameters(1..), new RmsProp(lr: 0.03));
        for (int step = 0; step < 6; step++)
        {
            fixture.ComputeGradients(step);
            optimizer.Step();
        }
        return optimizer;
    }
}
