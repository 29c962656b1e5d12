using System.Numerics;
using SimdOpt.Kernels;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

/// <summary>
/// The gradient scale of every generated kernel: a step with gradient scale s has the bits of the plain step on
/// gradients g * s rounded to the element type, for every optimizer (maximize, weight decay and reductions see the
/// scaled g), on every path, through the runtime's chunks and through one whole span; and it writes no gradient.
/// </summary>
public class GradientScaleTests
{
    private static readonly int[] Lengths = [5, WorkPartition.ChunkLength + 37, 700];

    public static TheoryData<string> Optimizers() => Configurations.All();

    private static void AssertScaledEqualsPrescaled<T>(string name, double scale, int threads, KernelPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scaledData = new TrainingFixture<T>(seed: 9, Lengths);
        var prescaledData = scaledData.CopyValues();
        var scaled = new Optimizer<T>(Configurations.Create(name), scaledData.Parameters())
        {
            MaxDegreeOfParallelism = threads,
            KernelPath = path,
        };
        var prescaled = new Optimizer<T>(Configurations.Create(name), prescaledData.Parameters())
        {
            MaxDegreeOfParallelism = threads,
            KernelPath = path,
        };
        T factor = T.CreateTruncating(scale);
        for (int step = 0; step < 3; step++)
        {
            scaledData.ComputeGradients(step);
            prescaledData.ComputeGradients(step);
            foreach (var g in prescaledData.Gradients)
                for (int i = 0; i < g.Length; i++) g[i] *= factor;
            var gradients = scaledData.Gradients.Select(g => g.ToArray()).ToArray();
            scaled.Step(scale);
            prescaled.Step();
            Assert.Equal(Snapshot.Of(prescaled, includeGradients: false), Snapshot.Of(scaled, includeGradients: false));
            Bitwise.Equal(gradients, scaledData.Gradients, $"{name}: gradients after step {step}");
        }
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_scaled_step_is_the_step_on_scaled_gradients(string name)
    {
        foreach (var path in Enum.GetValues<KernelPath>())
            AssertScaledEqualsPrescaled<float>(name, 0.3, 1, path);
        AssertScaledEqualsPrescaled<float>(name, 7.0 / 3, 3, KernelPath.Auto);
        AssertScaledEqualsPrescaled<double>(name, 0.3, 2, KernelPath.Auto);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_scale_of_one_is_the_plain_step(string name)
    {
        var oneData = new TrainingFixture<float>(seed: 4, Lengths);
        var plainData = oneData.CopyValues();
        var one = new Optimizer<float>(Configurations.Create(name), oneData.Parameters());
        var plain = new Optimizer<float>(Configurations.Create(name), plainData.Parameters());
        for (int step = 0; step < 2; step++)
        {
            oneData.ComputeGradients(step);
            plainData.ComputeGradients(step);
            one.Step(1.0);
            plain.Step();
            Assert.Equal(Snapshot.Of(plain), Snapshot.Of(one));
        }
    }

    // One whole span through the protocol (a plan with reductions then runs every pass itself).
    [Theory]
    [MemberData(nameof(Optimizers))]
    public void The_protocol_scales_a_whole_span_too(string name)
    {
        var definition = Configurations.Create(name);
        int n = WorkPartition.ChunkLength + 123, count = definition.Info.States.Count;
        var random = new Random(17);
        float[] g = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] start = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        const float scale = 0.37f;
        float[] prescaledG = g.Select(x => x * scale).ToArray();
        float[] p1 = start.ToArray(), p2 = start.ToArray();
        float[] s1 = new float[count * n], s2 = new float[count * n];
        var scaled = new StepProtocol<float>(definition.Clone());
        var prescaled = new StepProtocol<float>(definition.Clone());
        for (int step = 0; step < 2; step++)
        {
            scaled.Prepare(scale);
            scaled.Apply(p1, g, new StateSpans<float>(s1, count, n));
            scaled.Commit();
            prescaled.Prepare();
            prescaled.Apply(p2, prescaledG, new StateSpans<float>(s2, count, n));
            prescaled.Commit();
            Bitwise.Equal<float>(p2, p1, $"{name}: parameters after step {step}");
            Bitwise.Equal<float>(s2, s1, $"{name}: state after step {step}");
        }
    }
}
