using System.Text.Json.Nodes;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Training;
using SimdOpt.Training;
using SimdOpt.Training.Interchange;

namespace SimdOpt.Tests.Interchange;

/// <summary>A torch file that does not fit is refused naming the tensor or key, and the optimizer's state and
/// parameters stay as they were; an optimizer torch cannot hold is refused on export.</summary>
public class TorchRefusalTests
{
    private delegate void Edit(Dictionary<string, SafetensorsTensor> tensors, Dictionary<string, string> metadata);

    public static TheoryData<string, string> Edits => new()
    {
        { "lacks a buffer", "it lacks 'state.1.exp_avg_sq', which torch's AdamW keeps with these hyperparameters" },
        { "lacks an AMSGrad buffer", "it lacks 'state.0.max_exp_avg_sq'" },
        { "lacks a step", "it lacks 'state.2.step'" },
        { "wrong element count", "'state.0.exp_avg' has shape [2, 2], 4 elements, but tensor 0 of group 0 has 5" },
        { "wrong dtype", "'state.1.exp_avg' is F64, but this optimizer steps Single (F32) elements" },
        { "wrong parameter dtype", "'param.2' is BF16, but this optimizer steps Single (F32) elements" },
        { "step of a wrong dtype", "'state.0.step' is F16; it must be F32 or F64 or I64" },
        { "fractional step", "'state.0.step' is 2.5, not a step count" },
        { "steps that differ in a group", "'state.1.step' is 7, but tensor 0 of the same group has taken 10 steps" },
        {
            "state for some tensors of a group",
            "tensor 1 has no state, but tensor 0 of the same group (group 0) has some"
        },
        { "unknown buffer", "it holds 'state.0.momentum_buffer', but 'momentum_buffer' is no state of torch's AdamW" },
        { "unknown tensor", "it holds a tensor 'model.weight', which is neither state.{i}.{buffer} nor param.{i}" },
        { "tensor out of range", "it holds 'param.3', but this optimizer has only 3 tensors" },
        { "some parameters", "it holds the values of some parameters but lacks 'param.1'" },
        { "no param_groups", "its __metadata__ has no 'param_groups': it is not a torch optimizer state_dict" },
        { "param_groups not JSON", "its __metadata__ 'param_groups' is not valid JSON" },
        { "another group count", "its param_groups is not a list of 2 groups, as this optimizer has" },
        { "params out of order", "param_groups[0].params is [1,0], but group 0 holds tensors 0 to 1 here, in order" },
        { "hyperparameter out of range", "param_groups[1].lr is invalid: " },
        { "betas not a pair", "param_groups[0].betas is [0.9], not a list of 2 numbers (beta1, beta2)" },
        { "flag not a boolean", "param_groups[0].amsgrad is 1, not true or false" },
        { "lacks a hyperparameter", "param_groups[1] lacks 'eps'" },
        {
            "unknown option on",
            "param_groups[0].decoupled_weight_decay is true, but SimdOpt's 'adamw' has no such option"
        },
        { "another optimizer's simdopt entry", "it was exported from SimdOpt's 'adam', but this optimizer is 'adamw'" },
        { "simdopt entry contradicting the steps", "its simdopt entry says group 0 has taken 9 steps with its state" },
        { "initial lr out of range", "the initial value of 'lr' in group 0 is -1, outside its range [0, inf)" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void A_file_that_does_not_fit_is_refused_naming_it_and_changes_nothing(string edit, string message)
    {
        var file = Exported();
        var tensors = file.Tensors.ToDictionary();
        var metadata = file.Metadata.ToDictionary();
        EditsByName[edit](tensors, metadata);
        var target = Trained(seed: 9, amsgrad: edit == "lacks an AMSGrad buffer");
        string before = Snapshot.Of(target);

        var e = Assert.Throws<InvalidDataException>(() =>
            TorchCheckpoint.Import(new SafetensorsFile(tensors, metadata), target));

        Assert.StartsWith("The torch checkpoint does not fit this optimizer: ", e.Message);
        Assert.Contains(message, e.Message);
        Assert.Equal(before, Snapshot.Of(target));
    }

    [Fact]
    public void An_unknown_option_that_is_off_and_torchs_implementation_options_are_accepted()
    {
        var file = Exported();
        var metadata = file.Metadata.ToDictionary();
        metadata["param_groups"] = metadata["param_groups"]
            .Replace("\"foreach\":null", "\"foreach\":true,\"decoupled_weight_decay\":false,\"fused\":null")
            .Replace("\"capturable\":false", "\"capturable\":true");
        var target = Trained(seed: 9);
        TorchCheckpoint.Import(new SafetensorsFile(file.Tensors, metadata), target);
        Assert.Equal(Snapshot.Of(Trained(seed: 4), includeGradients: false),
            Snapshot.Of(target, includeGradients: false));
    }

    [Fact]
    public void An_export_that_torch_would_step_another_way_is_refused_naming_the_option()
    {
        var optimizer = new Optimizer<float>(new NAdam(maximize: true),
            [new Parameter<float>(new float[2], new float[2])]);
        var e = Assert.Throws<ArgumentException>(() => TorchCheckpoint.Export(optimizer));
        Assert.Equal("optimizer", e.ParamName);
        Assert.StartsWith("Group 0 has 'maximize' on, but torch 1.13's NAdam has no such option", e.Message);
    }

    private static readonly Dictionary<string, Edit> EditsByName = new()
    {
        ["lacks a buffer"] = (t, _) => t.Remove("state.1.exp_avg_sq"),
        ["lacks an AMSGrad buffer"] = (_, m) => m["param_groups"] = m["param_groups"].Replace("\"amsgrad\":false",
            "\"amsgrad\":true"),
        ["lacks a step"] = (t, _) => t.Remove("state.2.step"),
        ["wrong element count"] = (t, _) => t["state.0.exp_avg"] = SafetensorsTensor.FromSingles([1, 2, 3, 4], [2, 2]),
        ["wrong dtype"] = (t, _) => t["state.1.exp_avg"] = SafetensorsTensor.FromDoubles([1, 2, 3]),
        ["wrong parameter dtype"] = (t, _) => t["param.2"] = new(SafetensorsDtype.BF16, [2], new byte[4]),
        ["step of a wrong dtype"] = (t, _) => t["state.0.step"] = new(SafetensorsDtype.F16, [], new byte[2]),
        ["fractional step"] = (t, _) => t["state.0.step"] = SafetensorsTensor.Scalar(2.5f),
        ["steps that differ in a group"] = (t, _) => t["state.1.step"] = SafetensorsTensor.Scalar(7f),
        ["state for some tensors of a group"] = (t, _) =>
        {
            foreach (string key in t.Keys.Where(k => k.StartsWith("state.1.", StringComparison.Ordinal)).ToArray())
                t.Remove(key);
        },
        ["unknown buffer"] = (t, _) => t["state.0.momentum_buffer"] = SafetensorsTensor.FromSingles(new float[5]),
        ["unknown tensor"] = (t, _) => t["model.weight"] = SafetensorsTensor.FromSingles(new float[5]),
        ["tensor out of range"] = (t, _) => t["param.3"] = SafetensorsTensor.FromSingles(new float[5]),
        ["some parameters"] = (t, _) => t.Remove("param.1"),
        ["no param_groups"] = (_, m) => m.Remove("param_groups"),
        ["param_groups not JSON"] = (_, m) => m["param_groups"] = "[{\"lr\": NaN}]",
        ["another group count"] = (_, m) => EditGroups(m, groups => groups.RemoveAt(1)),
        ["params out of order"] = (_, m) => m["param_groups"] = m["param_groups"].Replace("[0,1]", "[1,0]"),
        ["hyperparameter out of range"] = (_, m) => EditGroups(m, groups => groups[1]!["lr"] = -5),
        ["betas not a pair"] = (_, m) => m["param_groups"] = m["param_groups"].Replace("[0.9,0.999]", "[0.9]"),
        ["flag not a boolean"] = (_, m) => m["param_groups"] = m["param_groups"].Replace("\"amsgrad\":false",
            "\"amsgrad\":1"),
        ["lacks a hyperparameter"] = (_, m) => EditGroups(m, groups => groups[1]!.AsObject().Remove("eps")),
        ["unknown option on"] = (_, m) => m["param_groups"] = m["param_groups"].Replace("\"foreach\":null",
            "\"foreach\":null,\"decoupled_weight_decay\":true"),
        ["another optimizer's simdopt entry"] = (_, m) => m["simdopt"] = m["simdopt"].Replace("\"adamw\"", "\"adam\""),
        ["simdopt entry contradicting the steps"] = (_, m) => m["simdopt"] = m["simdopt"].Replace(
            "\"steps_before_state\":0", "\"steps_before_state\":1"),
        ["initial lr out of range"] = (_, m) => EditGroups(m, groups => groups[0]!["initial_lr"] = -1),
    };

    private static void EditGroups(Dictionary<string, string> metadata, Action<JsonArray> edit)
    {
        var groups = JsonNode.Parse(metadata["param_groups"])!.AsArray();
        edit(groups);
        metadata["param_groups"] = groups.ToJsonString();
    }

    // AdamW after 10 steps over tensors of 5, 3 and 2 elements: the first two in group 0, the last in group 1.
    private static Optimizer<float> Trained(int seed, bool amsgrad = false)
    {
        var fixture = new TrainingFixture<float>(seed, 5, 3, 2);
        var optimizer = new Optimizer<float>(new AdamW(lr: 0.01, amsgrad: amsgrad), fixture.Parameters(..2));
        optimizer.AddGroup(fixture.Parameters(2..), new AdamW(lr: 0.02, amsgrad: amsgrad));
        var schedule = new ExponentialLR(optimizer, gamma: 0.9);
        for (int step = 0; step < 10; step++)
        {
            fixture.ComputeGradients(step);
            optimizer.Step();
            schedule.Step();
        }
        return optimizer;
    }

    private static SafetensorsFile Exported() => TorchCheckpoint.Export(Trained(seed: 4), includeParameters: true);
}
