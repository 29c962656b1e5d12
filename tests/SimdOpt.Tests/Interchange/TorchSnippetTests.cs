using System.Text.RegularExpressions;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Golden;
using SimdOpt.Tests.Support;
using SimdOpt.Tests.Training;
using SimdOpt.Training;
using SimdOpt.Training.Interchange;

namespace SimdOpt.Tests.Interchange;

/// <summary>
/// The Python blocks of docs/torch-interchange.md, run as written: torch loads a file SimdOpt exported into
/// torch.optim.AdamW, trains on, and saves a file SimdOpt imports — and that is where SimdOpt training on by itself
/// gets.
/// </summary>
public partial class TorchSnippetTests
{
    private const int StepsInTorch = 5;

    [TorchFact]
    public void The_documented_snippet_continues_a_simdopt_run_in_torch_and_the_result_imports_back()
    {
        var fixture = new TrainingFixture<float>(21, 6, 3);
        var source = new Optimizer<float>(new AdamW(lr: 0.02, weightDecay: 0.05), fixture.Parameters(..1));
        source.AddGroup(fixture.Parameters(1..), new AdamW(lr: 0.01, weightDecay: 0));
        _ = new CosineAnnealingLR(source, tMax: 100);   // fixes initial_lr, which torch keeps in its groups
        for (int step = 0; step < 10; step++)
        {
            fixture.ComputeGradients(step);
            source.Step();
        }
        using var folder = new TemporaryFolder();
        TorchCheckpoint.ExportFile(Path.Combine(folder.Path, "adamw.safetensors"), source, includeParameters: true);
        string script = folder.Write("snippet.py", string.Join("\n", DocumentedPython()));

        var (exitCode, output, error) = Python.Run(TorchFiles.TorchPython.Value.Python!, script, folder.Path);
        Assert.True(exitCode == 0, $"python3 failed ({exitCode}): {output}{error}");

        var back = new Optimizer<float>(new AdamW(), [new Parameter<float>(new float[6], new float[6])]);
        back.AddGroup([new Parameter<float>(new float[3], new float[3])]);
        TorchCheckpoint.ImportFile(Path.Combine(folder.Path, "from_torch.safetensors"), back);

        // SimdOpt going on by itself on the snippet's loss, sum(w * w): its gradient is 2w.
        for (int step = 0; step < StepsInTorch; step++)
        {
            for (int i = 0; i < 2; i++)
                for (int k = 0; k < fixture.Values[i].Length; k++) fixture.Gradients[i][k] = 2 * fixture.Values[i][k];
            source.Step();
        }
        for (int g = 0; g < 2; g++)
        {
            Assert.Equal(source.Groups[g].StepCount, back.Groups[g].StepCount);
            Assert.Equal(source.Groups[g].Hyperparameters.ToString(), back.Groups[g].Hyperparameters.ToString());
            Assert.Equal(source.Groups[g].InitialValues, back.Groups[g].InitialValues);
            foreach (var (expected, actual) in new[] { "exp_avg", "exp_avg_sq" }
                .Select(b => (source.GetState(g, 0, b).ToArray(), back.GetState(g, 0, b).ToArray()))
                .Append((fixture.Values[g], back.GetParameter(g, 0).Value.ToArray())))
                for (int k = 0; k < expected.Length; k++)
                    Assert.True(Math.Abs(actual[k] - expected[k]) <= 1e-5 + 1e-4 * Math.Abs(expected[k]),
                        $"group {g}[{k}]: torch {actual[k]:R}, SimdOpt {expected[k]:R}");
        }
    }

    [Fact]
    public void The_docs_hold_the_two_python_blocks_the_test_runs()
    {
        string[] blocks = DocumentedPython();
        Assert.Equal(2, blocks.Length);
        Assert.Contains("def load_state_dict_file(path):", blocks[0]);
        Assert.Contains("optimizer.load_state_dict(state_dict)", blocks[1]);
        Assert.Contains("save_state_dict_file(\"from_torch.safetensors\", optimizer, weights)", blocks[1]);
    }

    // The ```python blocks of the section the test runs, in order.
    private static string[] DocumentedPython()
    {
        string docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "torch-interchange.md"));
        string section = docs[docs.IndexOf("## From SimdOpt to torch, and back", StringComparison.Ordinal)..];
        return [.. PythonBlock().Matches(section).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex("```python\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}
