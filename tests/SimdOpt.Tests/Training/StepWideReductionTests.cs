using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Tests.Kernels;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>Step-wide reductions (<c>global_sum</c>, <c>global_norm</c>, ...): over every tensor of every group in
/// the training runtime, over the one tensor in a static step.</summary>
public class StepWideReductionTests
{
    // Tensors of one, several and no work chunks, in two groups.
    private static readonly int[] Lengths = [3, 2 * WorkPartition.ChunkLength + 5, 0, 1000];

    // Whole numbers from -2 to 2, so every sum is exact.
    private static float Gradient(int tensor, int i, int step) => (i * 7 + tensor * 3 + step) % 5 - 2;

    private static (float[][] Values, float[][] Gradients) Tensors(int step)
    {
        var values = Lengths.Select(n => new float[n]).ToArray();
        var gradients = Lengths.Select((n, t) => Enumerable.Range(0, n).Select(i => Gradient(t, i, step)).ToArray())
            .ToArray();
        return (values, gradients);
    }

    private static Optimizer<float> TwoGroups(float[][] values, float[][] gradients, int threads)
    {
        var parameters = values.Select((v, t) => new Parameter<float>(v, gradients[t])).ToArray();
        var optimizer = new Optimizer<float>(new StepWideProbe()) { MaxDegreeOfParallelism = threads };
        optimizer.AddGroup(parameters[..2]);
        optimizer.AddGroup(parameters[2..]);
        return optimizer;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Every_tensor_of_every_group_reads_the_totals_over_all_tensors(int threads)
    {
        var (values, gradients) = Tensors(step: 0);
        var all = gradients.SelectMany(g => g).ToArray();
        var optimizer = TwoGroups(values, gradients, threads);
        optimizer.Step();
        for (int t = 0; t < Lengths.Length; t++)
        {
            int group = t < 2 ? 0 : 1, index = t < 2 ? t : t - 2;
            float[] Expected(double value) => Enumerable.Repeat((float)value, Lengths[t]).ToArray();
            Bitwise.Equal<float>(Expected(all.Sum(x => (double)x)), optimizer.GetState(group, index, "total"),
                $"global_sum of tensor {t}");
            Bitwise.Equal<float>(Expected(all.Sum(x => (double)x * x)), optimizer.GetState(group, index, "squares"),
                $"global_sumsq of tensor {t}");
            Bitwise.Equal<float>(Expected(2), optimizer.GetState(group, index, "largest"), $"global_maxabs of tensor {t}");
            Bitwise.Equal<float>(Expected(all.Count(x => x > 0)), optimizer.GetState(group, index, "positive"),
                $"global_count of tensor {t}");
            Bitwise.Equal<float>(Expected(gradients[t].Sum(x => (double)x)), optimizer.GetState(group, index, "own"),
                $"sum of tensor {t}");
            Bitwise.Equal<float>(gradients[t].Select(x => 0f - x).ToArray(), values[t], $"parameters of tensor {t}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void The_low_precision_optimizer_gives_every_tensor_the_totals_over_all_tensors(int threads)
    {
        var (values, gradients) = Tensors(step: 0);
        var all = gradients.SelectMany(g => g).ToArray();
        var optimizer = new LowPrecisionOptimizer(new StepWideProbe()) { MaxDegreeOfParallelism = threads };
        var parameters = values.Select((v, t) => new StoredParameter(v, gradients[t])).ToArray();
        optimizer.AddGroup(parameters[..2]);
        optimizer.AddGroup(parameters[2..]);
        optimizer.Step();
        for (int t = 0; t < Lengths.Length; t++)
        {
            int group = t < 2 ? 0 : 1, index = t < 2 ? t : t - 2;
            float[] Expected(double value) => Enumerable.Repeat((float)value, Lengths[t]).ToArray();
            Bitwise.Equal<float>(Expected(all.Sum(x => (double)x * x)), optimizer.ReadState(group, index, "squares"),
                $"global_sumsq of tensor {t}");
            Bitwise.Equal<float>(Expected(gradients[t].Sum(x => (double)x)), optimizer.ReadState(group, index, "own"),
                $"sum of tensor {t}");
        }
        // A step refused by the step-wide check of a gradient in the last tensor writes no tensor.
        gradients[3][999] = 777;
        var before = values.Select(v => v.ToArray()).ToArray();
        float[] squares = optimizer.ReadState(1, 1, "squares");
        var e = Assert.Throws<ArgumentException>(() => optimizer.Step());
        Assert.Contains("a gradient of exactly 777 refuses the step", e.Message);
        Bitwise.Equal(before, values, "parameters after the refused step");
        Bitwise.Equal<float>(squares, optimizer.ReadState(1, 1, "squares"), "global_sumsq after the refused step");
        Assert.All(optimizer.Groups, g => Assert.Equal(1, g.StepCount));
    }

    [Fact]
    public void A_static_step_of_one_tensor_reduces_over_that_tensor()
    {
        var (values, gradients) = Tensors(step: 1);
        var state = new OptimizerState<float>(new StepWideProbe(), Lengths[1]);
        state.Step(values[1], gradients[1]);
        float own = (float)gradients[1].Sum(x => (double)x);
        Assert.All(state.Buffer(0).ToArray(), v => Assert.Equal(own, v));
        Assert.All(state.Buffer(4).ToArray(), v => Assert.Equal(own, v));
        Assert.All(state.Buffer(1).ToArray(), v => Assert.Equal((float)gradients[1].Sum(x => (double)x * x), v));
    }

    [Fact]
    public void A_gradient_of_one_tensor_refused_by_a_step_wide_check_leaves_every_tensor_untouched()
    {
        var (values, gradients) = Tensors(step: 0);
        var optimizer = TwoGroups(values, gradients, threads: 3);
        optimizer.Step();
        string before = Snapshot.Of(optimizer, includeGradients: false);
        // The refused gradient is in the last group's last tensor; the first group's tensors are fine on their own.
        gradients[3][999] = 777;
        var e = Assert.Throws<ArgumentException>(() => optimizer.Step());
        Assert.Contains("a gradient of exactly 777 refuses the step", e.Message);
        Assert.Equal(before, Snapshot.Of(optimizer, includeGradients: false));
    }

    [Fact]
    public void The_plan_declares_which_reductions_are_step_wide()
    {
        var plan = new StepWideProbe().CreatePlan<float>();
        // Reductions in statement order: the [Require]'s global_count, then global_sum, global_sumsq, global_maxabs,
        // global_count (of another condition, so another reduction), and the tensor's own sum.
        Assert.Equal(6, plan.ReductionCount);
        Assert.Equal(0b011111u, plan.StepWideReductions);
        Assert.Equal(0u, new Lars().CreatePlan<float>().StepWideReductions);
    }
}
