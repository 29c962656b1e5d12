using System.Text.Json;
using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;
using SimdOpt.Training.Interchange;

namespace SimdOpt.Tests.Interchange;

/// <summary>
/// Files PyTorch 1.13 wrote — AdamW and SGD with momentum after 5 steps of nn.Linear(3, 2), weight and bias in two
/// groups — import with every value as torch had it, and SimdOpt goes on as torch went on.
/// </summary>
public class TorchImportTests
{
    [Fact]
    public void An_adamw_state_dict_torch_wrote_imports_every_value_and_training_goes_on_as_in_torch()
    {
        var optimizer = LinearModel(new AdamW());
        TorchCheckpoint.ImportFile(TorchFiles.PathOf("adamw.safetensors"), optimizer);

        double[] weightDecay = [0.1, 0.01];   // the first group's own, then AdamW's default
        foreach (var group in optimizer.Groups)
        {
            var h = group.Hyperparameters;
            Assert.Equal([0.05, 0.9, 0.999, 1e-8, weightDecay[group.Index]],
                new[] { "lr", "beta1", "beta2", "eps", "weight_decay" }.Select(h.GetHyperparameter));
            Assert.False(h.GetFlag("amsgrad"));
            Assert.False(h.GetFlag("maximize"));
            Assert.Equal(5, group.StepCount);
            Assert.Empty(group.InitialValues);
        }
        using var torch = TorchFiles.Json("continuation.json");
        var run = torch.RootElement.GetProperty("adamw");
        AssertValues(optimizer, run.GetProperty("values"), ["exp_avg", "exp_avg_sq"]);
        GoOnAsTorch(optimizer, run);
    }

    [Fact]
    public void An_sgd_state_dict_torch_wrote_imports_every_value_and_training_goes_on_as_in_torch()
    {
        var optimizer = LinearModel(new Sgd());
        TorchCheckpoint.ImportFile(TorchFiles.PathOf("sgd_momentum.safetensors"), optimizer);

        double[] weightDecay = [0.1, 0];
        foreach (var group in optimizer.Groups)
        {
            var h = group.Hyperparameters;
            Assert.Equal([0.05, 0.9, 0.1, weightDecay[group.Index]],
                new[] { "lr", "momentum", "dampening", "weight_decay" }.Select(h.GetHyperparameter));
            Assert.False(h.GetFlag("nesterov"));
            // torch's SGD counts no steps: the momentum buffers make it a group past its first step.
            Assert.Equal(1, group.StepCount);
        }
        using var torch = TorchFiles.Json("continuation.json");
        var run = torch.RootElement.GetProperty("sgd_momentum");
        AssertValues(optimizer, run.GetProperty("values"), ["momentum_buffer"]);
        GoOnAsTorch(optimizer, run);
    }

    // The weight (2 x 3, flat) in group 0, the bias in group 1, as the script trained them.
    private static Optimizer<float> LinearModel(OptimizerHyperparameters hyperparameters)
    {
        var optimizer = new Optimizer<float>(hyperparameters);
        optimizer.AddGroup([new Parameter<float>(new float[6], new float[6])]);
        optimizer.AddGroup([new Parameter<float>(new float[2], new float[2])]);
        return optimizer;
    }

    private static void AssertValues(Optimizer<float> optimizer, JsonElement values, string[] buffers)
    {
        int checkedCount = 0;
        for (int i = 0; i < 2; i++)
        {
            foreach (string buffer in buffers)
            {
                Assert.Equal(Floats(values.GetProperty($"state.{i}.{buffer}")),
                    optimizer.GetState(i, 0, buffer).ToArray());
                checkedCount++;
            }
            Assert.Equal(Floats(values.GetProperty($"param.{i}")), optimizer.GetParameter(i, 0).Value.ToArray());
            checkedCount++;
            if (values.TryGetProperty($"state.{i}.step", out var step))
            {
                Assert.Equal(step[0].GetDouble(), optimizer.Groups[i].StepCount);
                checkedCount++;
            }
        }
        // Every tensor torch wrote was compared.
        Assert.Equal(values.EnumerateObject().Count(), checkedCount);
    }

    // torch's three next steps from the same gradients, within the golden tolerance (torch's float32 operation order
    // differs from SimdOpt's fused one).
    private static void GoOnAsTorch(Optimizer<float> optimizer, JsonElement run)
    {
        var grads = run.GetProperty("grads").EnumerateArray().ToArray();
        var expected = run.GetProperty("expected").EnumerateArray().ToArray();
        for (int step = 0; step < grads.Length; step++)
        {
            for (int i = 0; i < 2; i++) Floats(grads[step][i]).CopyTo(optimizer.GetParameter(i, 0).Gradient);
            optimizer.Step();
            for (int i = 0; i < 2; i++)
            {
                float[] want = Floats(expected[step][i]), got = optimizer.GetParameter(i, 0).Value.ToArray();
                for (int k = 0; k < want.Length; k++)
                    Assert.True(Math.Abs(got[k] - want[k]) <= 1e-5 + 1e-4 * Math.Abs(want[k]),
                        $"step {step + 6}, tensor {i}[{k}]: {got[k]:R}, torch {want[k]:R}");
            }
        }
    }

    private static float[] Floats(JsonElement values) =>
        values.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
}
