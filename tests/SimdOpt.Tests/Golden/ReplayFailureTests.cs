using SimdOpt.Cli.Replay;

namespace SimdOpt.Tests.Golden;

/// <summary>
/// A case the replayer cannot run, or whose trajectory is wrong, is a FAIL whose reason says what is wrong — never a
/// crash, never a PASS.
/// </summary>
public sealed class ReplayFailureTests
{
    /// <summary>
    /// SGD with lr 0.5 from p = [1, 2] with g = [0.5, -1]: p becomes [0.75, 2.5], exact in float, so a passing
    /// case has a max error of exactly 0.
    /// </summary>
    internal const string Sgd = """{"optimizer": "sgd", "hyperparameters": {"lr": 0.5}, "dtype": "float32", "params": [1, 2], "grads": [[0.5, -1]], "expected": [[0.75, 2.5]]}""";

    /// <summary>Each broken case, with the words its reason must contain.</summary>
    public static TheoryData<string, string> BrokenCases => new()
    {
        { Sgd.Replace("\"sgd\"", "\"nosuch\""), "unknown optimizer 'nosuch'" },
        { Sgd.Replace("\"lr\": 0.5", "\"lr\": 0.5, \"bogus\": 1"), "unknown hyperparameter 'bogus' for sgd" },
        { Sgd[..40], "malformed JSON" },
        { Sgd.Replace("\"expected\": [[0.75, 2.5]]", "\"expected\": [[0.75, 2.5], [0.5, 3]]"), "mismatched lengths: 1 gradients but 2 expected steps" },
        { Sgd.Replace("\"grads\": [[0.5, -1]]", "\"grads\": [[0.5]]"), "mismatched lengths: gradient 1 has 1 values, params has 2" },
        { Sgd.Replace("\"lr\": 0.5", "\"lr\": 0.5, \"momentum\": 0.9, \"nesterov\": \"true\""), "flag 'nesterov' must be true or false, not \"true\"" },
        { Sgd.Replace("\"lr\": 0.5", "\"lr\": \"fast\""), "hyperparameter 'lr' must be a number" },
        { Sgd.Replace("\"lr\": 0.5", "\"lr\": -0.5"), "Hyperparameter 'lr' must lie in [0, " },
        { Sgd.Replace("\"lr\": 0.5", "\"lr\": 0.5, \"nesterov\": true"), "step 1 refused: Nesterov momentum requires a positive momentum and zero dampening." },
        { Sgd.Replace("float32", "float16"), "unknown dtype 'float16'" },
        { Sgd.Replace("\"params\": [1, 2]", "\"params\": [1, null]"), "'params' holds null at index 1, not a number" },
        { Sgd.Replace("[[0.75, 2.5]]", "[[0.75, 2]]"), "step 1, element 1: got 2.5, expected 2 (error 0.5)" },
    };

    /// <summary>The valid case passes with no error at all, as its values are exact in float.</summary>
    [Fact]
    public void The_valid_case_passes_exactly()
    {
        using var folder = new TemporaryFolder();
        var result = GoldenReplayer.Run(folder.Write("sgd.json", Sgd));
        Assert.Equal(new ReplayResult("sgd.json", true, 0, 1, null), result);
    }

    /// <summary>A broken case fails, and its reason names the problem.</summary>
    [Theory]
    [MemberData(nameof(BrokenCases))]
    public void A_broken_case_fails_with_its_reason(string json, string reason)
    {
        using var folder = new TemporaryFolder();
        var result = GoldenReplayer.Run(folder.Write("broken.json", json));
        Assert.False(result.Passed);
        Assert.Equal("broken.json", result.File);
        Assert.Contains(reason, result.Reason);
    }

    /// <summary>A file that does not exist is a FAIL naming it, not an exception.</summary>
    [Fact]
    public void A_missing_file_fails()
    {
        using var folder = new TemporaryFolder();
        var result = GoldenReplayer.Run(Path.Combine(folder.Path, "absent.json"));
        Assert.False(result.Passed);
        Assert.Contains("absent.json", result.Reason);
    }
}
