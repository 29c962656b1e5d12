using SimdOpt.Cli.Replay;
using SimdOpt.Tests.Support;

namespace SimdOpt.Tests.Golden;

/// <summary>Golden cases of several tensors in several groups (a <c>"tensors"</c> list), replayed through the
/// training runtime, every tensor stepped together.</summary>
public sealed class GoldenTensorsTests
{
    /// <summary>
    /// SGD over two groups: lr 0.5 from p = [1, 2] with g = [0.5, -1] gives [0.75, 2.5]; the second group's lr 0.25
    /// from p = [4] with g = [2] gives [3.5]; all exact in float.
    /// </summary>
    private const string TwoGroups = """
        {"optimizer": "sgd", "hyperparameters": {"lr": 0.5}, "dtype": "float32", "groups": [{}, {"lr": 0.25}],
         "tensors": [{"params": [1, 2], "grads": [[0.5, -1]], "expected": [[0.75, 2.5]]},
                     {"group": 1, "params": [4], "grads": [[2]], "expected": [[3.5]]}]}
        """;

    public static TheoryData<string, string> BrokenCases => new()
    {
        { TwoGroups.Replace("\"group\": 1", "\"group\": 2"), "tensors[1] is in group 2, but the case has 2 group(s)" },
        { TwoGroups.Replace("\"group\": 1", "\"group\": -1"), "'tensors[1].group' is not a group index, but -1" },
        { TwoGroups.Replace("\"dtype\"", "\"params\": [1], \"dtype\""), "a case with 'tensors' has no 'params'" },
        { TwoGroups.Replace("[[2]], \"expected\": [[3.5]]", "[[2], [2]], \"expected\": [[3.5], [3]]"),
            "mismatched lengths: tensors[1] takes 2 steps, tensors[0] 1" },
        { TwoGroups.Replace("\"grads\": [[2]]", "\"grads\": [[2, 1]]"),
            "tensors[1]: mismatched lengths: gradient 1 has 2 values, params has 1" },
        { TwoGroups.Replace("{\"lr\": 0.25}", "{\"lr\": -1}"), "Hyperparameter 'lr' must lie in [0, " },
        { TwoGroups.Replace("[[3.5]]", "[[3]]"), "step 1, tensor 1, element 0: got 3.5, expected 3 (error 0.5)" },
        { TwoGroups.Replace("\"tensors\": [{", "\"tensors\": [[], {"), "'tensors[0]' is not an object" },
    };

    [Fact]
    public void A_case_of_two_groups_passes_exactly()
    {
        var result = GoldenReplayer.Run("two.json", GoldenCase.Parse(TwoGroups));
        Assert.Equal(new ReplayResult("two.json", true, 0, 1, null), result);
    }

    [Theory]
    [MemberData(nameof(BrokenCases))]
    public void A_broken_case_fails_with_its_reason(string json, string reason)
    {
        using var folder = new TemporaryFolder();
        var result = GoldenReplayer.Run(folder.Write("broken.json", json));
        Assert.False(result.Passed);
        Assert.Contains(reason, result.Reason);
    }

    /// <summary>
    /// timm's multi-tensor LAMB case needs the global gradient norm: tensor 2, replayed alone with its group's
    /// hyperparameters (so clipped by its own norm, which is below max_grad_norm), leaves timm's trajectory, while
    /// the whole case passes.
    /// </summary>
    [Fact]
    public void The_lamb_case_of_several_tensors_is_clipped_by_the_norm_of_all_gradients()
    {
        string file = GoldenFiles.PathOf("33_lamb_tensors.json");
        var golden = GoldenCase.Parse(File.ReadAllText(file));
        Assert.True(GoldenReplayer.Run(file).Passed);
        var tensor = golden.Tensors![2];
        var hyperparameters = golden.Hyperparameters.Concat(golden.Groups[tensor.Group])
            .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value);
        var alone = golden with
        {
            Tensors = null,
            Hyperparameters = hyperparameters,
            Params = tensor.Params,
            Grads = tensor.Grads,
            Expected = tensor.Expected,
        };
        var result = GoldenReplayer.Run("alone.json", alone);
        Assert.False(result.Passed);
        Assert.StartsWith("step ", result.Reason);
        Assert.Equal(0, hyperparameters["weight_decay"].GetDouble());
    }
}
