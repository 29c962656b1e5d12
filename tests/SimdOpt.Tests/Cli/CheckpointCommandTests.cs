using SimdOpt.Optimizers;
using SimdOpt.Tests.Golden;
using SimdOpt.Tests.Interchange;
using SimdOpt.Tests.Training;
using SimdOpt.Training;
using SimdOpt.Training.Interchange;

namespace SimdOpt.Tests.Cli;

/// <summary><c>simdopt checkpoint export-torch</c> and <c>import-torch</c>: SimdOpt checkpoint → torch file →
/// SimdOpt checkpoint is bit-identical, torch's own files convert, and bad files are one-line usage errors.</summary>
public class CheckpointCommandTests
{
    [Fact]
    public void Export_then_import_through_the_command_gives_back_the_same_bits()
    {
        using var folder = new TemporaryFolder();
        var (source, _, schedule) = Trained(seed: 2);
        string checkpoint = Path.Combine(folder.Path, "run.ckpt"), torch = Path.Combine(folder.Path, "run.safetensors");
        string back = Path.Combine(folder.Path, "back.ckpt");
        Checkpoint.SaveFile(checkpoint, source, schedule, includeParameters: true);

        var export = CliRun.Of("checkpoint", "export-torch", checkpoint, torch, "--with-parameters");
        Assert.Equal(0, export.ExitCode);
        Assert.Equal(
            $"Wrote {torch}: adamw, Single, 2 groups, 3 tensors, 10 elements, step 8/8 as torch's state_dict, with the "
            + "parameters.\nThe checkpoint's scheduler or loss scaler state is not part of torch's optimizer "
            + "state_dict and was not written.\n", export.Output);
        var import = CliRun.Of("checkpoint", "import-torch", torch, back);
        Assert.Equal(0, import.ExitCode);
        Assert.Equal($"Wrote {back}: adamw, Single, 2 groups, 3 tensors, 10 elements, step 8/8, with the parameters.\n",
            import.Output);

        var (copy, _, _) = Trained(seed: 7);
        Checkpoint.LoadFile(back, copy);
        Assert.Equal(Snapshot.Of(source, includeGradients: false), Snapshot.Of(copy, includeGradients: false));
    }

    [Fact]
    public void A_file_torch_wrote_converts_when_the_optimizer_is_named()
    {
        using var folder = new TemporaryFolder();
        string checkpoint = Path.Combine(folder.Path, "from-torch.ckpt");
        var run = CliRun.Of("checkpoint", "import-torch", TorchFiles.PathOf("adamw.safetensors"), checkpoint,
            "--optimizer", "adamw");
        Assert.Equal(0, run.ExitCode);
        Assert.EndsWith(": adamw, Single, 2 groups, 2 tensors, 8 elements, step 5/5, with the parameters.\n",
            run.Output);

        var loaded = LinearModel();
        Checkpoint.LoadFile(checkpoint, loaded);
        var imported = LinearModel();
        TorchCheckpoint.ImportFile(TorchFiles.PathOf("adamw.safetensors"), imported);
        Assert.Equal(Snapshot.Of(imported), Snapshot.Of(loaded));
    }

    [Fact]
    public void A_file_torch_wrote_without_a_named_optimizer_is_a_usage_error_saying_so()
    {
        using var folder = new TemporaryFolder();
        var run = CliRun.Of("checkpoint", "import-torch", TorchFiles.PathOf("sgd_momentum.safetensors"),
            Path.Combine(folder.Path, "x.ckpt"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("torch does not record which optimizer wrote a state_dict; name it",
            Assert.Single(run.ErrorLines));
        Assert.False(File.Exists(Path.Combine(folder.Path, "x.ckpt")));
    }

    [Fact]
    public void Bad_files_and_arguments_are_one_line_usage_errors_naming_them()
    {
        using var folder = new TemporaryFolder();
        var (source, _, _) = Trained(seed: 2);
        string noParameters = Path.Combine(folder.Path, "bare.ckpt");
        Checkpoint.SaveFile(noParameters, source);
        string corrupt = folder.Write("corrupt.ckpt", "SIMDOPT\0 and then nothing sensible");
        string notSafetensors = folder.Write("bad.safetensors", "not a safetensors file at all");
        string missing = Path.Combine(folder.Path, "missing.ckpt"), output = Path.Combine(folder.Path, "out");

        (string[] Args, string Message)[] cases =
        [
            (["checkpoint", "export-torch", missing, output], $"simdopt: {missing}: "),
            (["checkpoint", "export-torch", corrupt, output], $"simdopt: {corrupt}: The checkpoint is corrupt"),
            (["checkpoint", "export-torch", noParameters, output, "--with-parameters"],
                $"simdopt: --with-parameters: '{noParameters}' holds no parameter values"),
            (["checkpoint", "import-torch", notSafetensors, output, "--optimizer", "adamw"],
                $"simdopt: {notSafetensors}: The safetensors header is"),
            (["checkpoint", "import-torch", TorchFiles.PathOf("adamw.safetensors"), output, "--optimizer", "sgd"],
                "simdopt: " + TorchFiles.PathOf("adamw.safetensors") + ": The torch checkpoint does not fit"),
            (["checkpoint", "import-torch", TorchFiles.PathOf("adamw.safetensors"), output, "--optimizer", "nosuch"],
                "simdopt: " + TorchFiles.PathOf("adamw.safetensors") + ": There is no optimizer 'nosuch'"),
            (["checkpoint"], "simdopt: "),
            (["checkpoint", "export-torch", noParameters], "simdopt: "),
        ];
        foreach (var (args, message) in cases)
        {
            var run = CliRun.Of(args);
            Assert.True(run.ExitCode == 2, string.Join(" ", args) + ": exit code " + run.ExitCode);
            Assert.StartsWith(message, Assert.Single(run.ErrorLines));
            Assert.Equal("", run.Output);
        }
        Assert.False(File.Exists(output));
    }

    private static (Optimizer<float>, TrainingFixture<float>, LRScheduler) Trained(int seed)
    {
        var fixture = new TrainingFixture<float>(seed, 5, 3, 2);
        var optimizer = new Optimizer<float>(new AdamW(lr: 0.01), fixture.Parameters(..2));
        optimizer.AddGroup(fixture.Parameters(2..), new AdamW(lr: 0.03, weightDecay: 0));
        var schedule = new StepLR(optimizer, stepSize: 2);
        for (int step = 0; step < 8; step++)
        {
            fixture.ComputeGradients(step);
            optimizer.Step();
            schedule.Step();
        }
        return (optimizer, fixture, schedule);
    }

    private static Optimizer<float> LinearModel()
    {
        var optimizer = new Optimizer<float>(new AdamW());
        optimizer.AddGroup([new Parameter<float>(new float[6], new float[6])]);
        optimizer.AddGroup([new Parameter<float>(new float[2], new float[2])]);
        return optimizer;
    }
}
