using SimdOpt.Kernels;
using SimdOpt.Tests.Support;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// The training runtime feeds an optimizer's inputs to its reduction passes as to its final pass: a tensor of several
/// chunks stepped on 1, 2, 3 and 7 threads gives the bits of the whole-tensor step, and a step that does not read the
/// input runs without it. A scaled step's passes read the scaled gradient, as its final pass does.
/// </summary>
public sealed class ReductionInputTests
{
    private const string Probe = "reduction-input-probe";

    // Several work chunks with a ragged end, a small tensor, one element.
    private static readonly int[] Lengths = [2 * WorkPartition.ChunkLength + 77, 1000, 1];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public void Every_thread_count_gives_the_bits_of_the_whole_tensor_step(int threads)
    {
        var random = new Random(threads);
        float[][] values = Draw(random), gradients = Draw(random), curvature = Draw(random);
        var expected = values.Select(v => (float[])v.Clone()).ToArray();
        var optimizer = new Optimizer<float>(OptimizerRegistry.Get(Probe).Create()) { MaxDegreeOfParallelism = threads };
        optimizer.AddGroup(Lengths.Select((_, i) =>
            new Parameter<float>(values[i], gradients[i]).WithInput("curvature", curvature[i])));
        var states = Lengths.Select(n => new OptimizerState<float>(OptimizerRegistry.Get(Probe).Create(), n)).ToArray();
        // Steps 11 and 22 read the input, in the first and second reduction passes and in the final one.
        for (int step = 0; step < 22; step++)
        {
            optimizer.Step();
            for (int t = 0; t < states.Length; t++)
                states[t].Step(expected[t], gradients[t], new InputSpans<float>([curvature[t]]));
        }
        for (int t = 0; t < states.Length; t++)
        {
            Bitwise.Equal<float>(expected[t], values[t], $"p of tensor {t}");
            Bitwise.Equal<float>(states[t].Buffer("acc"), optimizer.GetState(0, t, "acc"), $"acc of tensor {t}");
        }
    }

    [Fact]
    public void A_scaled_step_feeds_its_passes_the_scaled_gradient_beside_the_input()
    {
        const double scale = 0.3;
        var random = new Random(11);
        float[][] values = Draw(random), gradients = Draw(random), curvature = Draw(random);
        var prescaledValues = values.Select(v => (float[])v.Clone()).ToArray();
        var prescaledGradients = gradients.Select(g => g.Select(x => x * (float)scale).ToArray()).ToArray();
        var scaled = new Optimizer<float>(OptimizerRegistry.Get(Probe).Create()) { MaxDegreeOfParallelism = 2 };
        scaled.AddGroup(Lengths.Select((_, i) =>
            new Parameter<float>(values[i], gradients[i]).WithInput("curvature", curvature[i])));
        var prescaled = new Optimizer<float>(OptimizerRegistry.Get(Probe).Create()) { MaxDegreeOfParallelism = 2 };
        prescaled.AddGroup(Lengths.Select((_, i) =>
            new Parameter<float>(prescaledValues[i], prescaledGradients[i]).WithInput("curvature", curvature[i])));
        // Steps 11 and 22 read the input in every pass; the others only the scaled gradient.
        for (int step = 0; step < 22; step++)
        {
            scaled.Step(scale);
            prescaled.Step();
        }
        for (int t = 0; t < values.Length; t++)
        {
            Bitwise.Equal<float>(prescaledValues[t], values[t], $"p of tensor {t}");
            Bitwise.Equal<float>(prescaled.GetState(0, t, "acc"), scaled.GetState(0, t, "acc"), $"acc of tensor {t}");
        }
    }

    [Fact]
    public void A_step_that_does_not_read_the_input_runs_without_it_and_one_that_does_is_refused()
    {
        var random = new Random(5);
        float[][] values = Draw(random), gradients = Draw(random);
        var expected = values.Select(v => (float[])v.Clone()).ToArray();
        var optimizer = new Optimizer<float>(OptimizerRegistry.Get(Probe).Create()) { MaxDegreeOfParallelism = 2 };
        optimizer.AddGroup(Lengths.Select((_, i) => new Parameter<float>(values[i], gradients[i])));
        var states = Lengths.Select(n => new OptimizerState<float>(OptimizerRegistry.Get(Probe).Create(), n)).ToArray();
        for (int step = 0; step < 10; step++)
        {
            optimizer.Step();
            for (int t = 0; t < states.Length; t++) states[t].Step(expected[t], gradients[t]);
        }
        for (int t = 0; t < states.Length; t++) Bitwise.Equal<float>(expected[t], values[t], $"p of tensor {t}");

        var before = values.Select(v => (float[])v.Clone()).ToArray();
        var error = Assert.Throws<InvalidOperationException>(optimizer.Step);
        Assert.Contains("reads input 'curvature'", error.Message, StringComparison.Ordinal);
        for (int t = 0; t < values.Length; t++) Bitwise.Equal<float>(before[t], values[t], $"p of tensor {t}");
        Assert.Equal(10, optimizer.Groups[0].StepCount);
    }

    private static float[][] Draw(Random random) =>
        Lengths.Select(n => Enumerable.Range(0, n).Select(_ => random.NextSingle() * 2 - 1).ToArray()).ToArray();
}
