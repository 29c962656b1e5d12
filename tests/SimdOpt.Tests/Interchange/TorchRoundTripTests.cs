using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Training;
using SimdOpt.Training;
using SimdOpt.Training.Interchange;

namespace SimdOpt.Tests.Interchange;

/// <summary>SimdOpt → torch file → SimdOpt is bit-identical: hyperparameters, flags, step counts, per-step states,
/// base values of schedules, state buffers and parameters — for every optimizer with a torch layout.</summary>
public class TorchRoundTripTests
{
    public static TheoryData<string, string> Optimizers()
    {
        var data = new TheoryData<string, string>();
        foreach (var layout in TorchOptimizerLayout.All)
        {
            data.Add(layout.Name, "");
            // Every flag on (that torch 1.13 has), so every conditional buffer is written; an optimizer with no such
            // flag (NAdam and RAdam, whose only flag torch 1.13 lacks) has the one case, not the same case twice.
            string allFlags = string.Join(",", layout.Keys.Where(k => k.IsFlag && !k.AbsentFromTorch)
                .Select(k => k.Names[0]));
            if (allFlags.Length > 0) data.Add(layout.Name, allFlags);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_float_optimizer_round_trips_bit_for_bit(string name, string flags) =>
        RoundTrip<float>(name, flags);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_double_optimizer_round_trips_bit_for_bit(string name, string flags) =>
        RoundTrip<double>(name, flags);

    [Fact]
    public void Sgd_whose_momentum_came_late_keeps_its_steps_before_the_state_and_goes_on_identically()
    {
        var (source, fixture) = Trained<float>(new Sgd(lr: 0.1), 3);
        foreach (var group in source.Groups) group.Hyperparameters.SetHyperparameter("momentum", 0.9);
        Train(source, fixture, 3, 4);
        Assert.All(source.Groups, g => Assert.Equal(3, g.Steps.StepsBeforeState));

        var (copy, _) = Imported(source, fixture);
        Assert.All(copy.Groups, g => Assert.Equal((7L, 3L), (g.StepCount, g.Steps.StepsBeforeState)));
        Assert.Equal(Snapshot.Of(source, includeGradients: false), Snapshot.Of(copy, includeGradients: false));
    }

    [Fact]
    public void An_optimizer_that_has_not_stepped_exports_no_state_and_imports_as_new()
    {
        var fixture = new TrainingFixture<float>(3, 4, 7, 1);
        var source = new Optimizer<float>(new AdamW(), fixture.Parameters(..2));
        source.AddGroup(fixture.Parameters(2..));
        var file = TorchCheckpoint.Export(source, includeParameters: true);
        Assert.Equal(["param.0", "param.1", "param.2"], file.Tensors.Keys);

        var (target, _) = Trained<float>(new AdamW(), 3);
        TorchCheckpoint.Import(file, target);
        Assert.All(target.Groups, g => Assert.Equal(0, g.StepCount));
        Assert.Equal(fixture.Values[0], target.GetParameter(0, 0).Value.ToArray());
    }

    [Fact]
    public void A_file_whose_tensors_have_any_shape_of_the_right_element_count_imports()
    {
        var (source, fixture) = Trained<float>(new Adam(), 4);
        var file = TorchCheckpoint.Export(source, includeParameters: true);
        var reshaped = file.Tensors.ToDictionary(t => t.Key, t => t.Value.ElementCount == 4
            ? new SafetensorsTensor(t.Value.Dtype, [2, 1, 2], t.Value.Data)
            : t.Value);
        var (copy, _) = Fresh(source, fixture);
        TorchCheckpoint.Import(new SafetensorsFile(reshaped, file.Metadata), copy);
        Assert.Equal(Snapshot.Of(source, includeGradients: false), Snapshot.Of(copy, includeGradients: false));
    }

    private static void RoundTrip<T>(string name, string flags) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var hyperparameters = OptimizerRegistry.Get(name).Create();
        foreach (string flag in flags.Split(',', StringSplitOptions.RemoveEmptyEntries))
            hyperparameters.SetFlag(flag, true);
        if (name is "sgd" or "rmsprop") hyperparameters.SetHyperparameter("momentum", 0.9);
        if (name == "sgd" && flags.Length == 0) hyperparameters.SetHyperparameter("dampening", 0.25);
        var (source, fixture) = Trained<T>(hyperparameters, 10);
        Assert.All(source.Groups, g => Assert.NotEmpty(g.InitialValues));

        var (copy, copyFixture) = Imported(source, fixture);

        Assert.Equal(Snapshot.Of(source, includeGradients: false), Snapshot.Of(copy, includeGradients: false));
        for (int g = 0; g < source.Groups.Count; g++)
            Assert.Equal(source.Groups[g].Steps.StepsBeforeState, copy.Groups[g].Steps.StepsBeforeState);
        // And both go on to the same bits.
        Train(source, fixture, 10, 3);
        Train(copy, copyFixture, 10, 3);
        Assert.Equal(Snapshot.Of(source, includeGradients: false), Snapshot.Of(copy, includeGradients: false));
    }

    // Two groups (the second with its own lr), a schedule that fixes the base values, some steps.
    private static (Optimizer<T>, TrainingFixture<T>) Trained<T>(OptimizerHyperparameters hyperparameters, int steps)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = new TrainingFixture<T>(5, 4, 7, 1);
        var optimizer = new Optimizer<T>(hyperparameters, fixture.Parameters(..2));
        var second = hyperparameters.Clone();
        second.SetHyperparameter("lr", hyperparameters.GetHyperparameter("lr") / 3);
        optimizer.AddGroup(fixture.Parameters(2..), second);
        var schedule = new StepLR(optimizer, stepSize: 3, gamma: 0.5);
        Train(optimizer, fixture, 0, steps, schedule);
        return (optimizer, fixture);
    }

    private static void Train<T>(Optimizer<T> optimizer, TrainingFixture<T> fixture, int first, int steps,
        LRScheduler? schedule = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int step = first; step < first + steps; step++)
        {
            fixture.ComputeGradients(step);
            optimizer.Step();
            schedule?.Step();
        }
    }

    // Exported with the parameters, written to bytes, read back and imported into an optimizer of the same layout.
    private static (Optimizer<T>, TrainingFixture<T>) Imported<T>(Optimizer<T> source, TrainingFixture<T> fixture)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bytes = new MemoryStream();
        TorchCheckpoint.Export(source, includeParameters: true).Write(bytes);
        var (copy, values) = Fresh(source, fixture);
        TorchCheckpoint.Import(SafetensorsFile.Read(new MemoryStream(bytes.ToArray())), copy);
        return (copy, values);
    }

    // An optimizer of the same kind, groups and tensor lengths, with default hyperparameters and zero parameters, and
    // the fixture that holds its parameters (the same loss as the source's).
    private static (Optimizer<T>, TrainingFixture<T>) Fresh<T>(Optimizer<T> source, TrainingFixture<T> fixture)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var values = fixture.CopyValues();
        foreach (var v in values.Values) Array.Clear(v);
        var copy = new Optimizer<T>(source.Info.Create());
        int tensor = 0;
        foreach (var group in source.Groups)
        {
            copy.AddGroup(values.Parameters(tensor..(tensor + group.TensorCount)));
            tensor += group.TensorCount;
        }
        return (copy, values);
    }
}
