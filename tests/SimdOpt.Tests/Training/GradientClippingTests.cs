using SimdOpt.Kernels;
using SimdOpt.Optimizers;
using SimdOpt.Training;

namespace SimdOpt.Tests.Training;

public class GradientClippingTests
{
    private static (Optimizer<float> Optimizer, float[] A, float[] B) TwoTensors(float[] a, float[] b)
    {
        var optimizer = new Optimizer<float>(new Sgd(), [new Parameter<float>(new float[a.Length], a), new Parameter<float>(new float[b.Length], b)]);
        return (optimizer, a, b);
    }

    [Fact]
    public void The_global_norm_clips_every_gradient_by_one_coefficient()
    {
        // |(3, 4, 12)| = 13 over both tensors; max_norm 6.5 gives coefficient 6.5 / (13 + 1e-6), applied in float.
        var (optimizer, a, b) = TwoTensors([3, 4], [12]);
        double total = GradientClipping.ClipGradNorm(optimizer, maxNorm: 6.5);
        Assert.Equal(13.0, total);
        float coefficient = (float)(6.5 / (13 + 1e-6));
        Assert.Equal([3 * coefficient, 4 * coefficient], a);
        Assert.Equal([12 * coefficient], b);
    }

    [Fact]
    public void Gradients_within_the_norm_are_left_as_they_are()
    {
        var (optimizer, a, b) = TwoTensors([3, 4], [12]);
        Assert.Equal(13.0, GradientClipping.ClipGradNorm(optimizer, maxNorm: 20));
        Assert.Equal([3f, 4f], a);
        Assert.Equal([12f], b);
    }

    [Fact]
    public void The_infinity_norm_is_the_largest_absolute_element()
    {
        var (optimizer, a, b) = TwoTensors([-7, 2], [5]);
        Assert.Equal(7.0, GradientClipping.ClipGradNorm(optimizer, maxNorm: 3.5, normType: double.PositiveInfinity));
        float coefficient = (float)(3.5 / (7 + 1e-6));
        Assert.Equal([-7 * coefficient, 2 * coefficient], a);
        Assert.Equal([5 * coefficient], b);
    }

    [Fact]
    public void A_non_finite_norm_throws_when_asked_and_changes_nothing()
    {
        var (optimizer, a, b) = TwoTensors([1, float.NaN], [2]);
        var error = Assert.Throws<NotFiniteNumberException>(() => GradientClipping.ClipGradNorm(optimizer, 1, errorIfNonfinite: true));
        Assert.Contains("The total norm of order 2 of the gradients is non-finite (NaN)", error.Message);
        Assert.Equal([1f, float.NaN], a);
        Assert.Equal([2f], b);
    }

    [Fact]
    public void A_non_finite_norm_is_applied_as_torch_does_unless_asked_to_throw()
    {
        // total = inf, coefficient = 1 / (inf + 1e-6) = 0: finite gradients become 0, the infinite one NaN.
        var (optimizer, a, b) = TwoTensors([1, float.PositiveInfinity], [-2]);
        Assert.Equal(double.PositiveInfinity, GradientClipping.ClipGradNorm(optimizer, 1));
        Assert.Equal(0f, a[0]);
        Assert.True(float.IsNaN(a[1]));
        Assert.Equal(-0f, b[0]);
    }

    [Fact]
    public void Clipping_by_value_clamps_every_element_and_keeps_nan()
    {
        var (optimizer, a, b) = TwoTensors([-1, 0.2f, 0.7f, float.NaN], [float.NegativeInfinity, 0.5f]);
        GradientClipping.ClipGradValue(optimizer, 0.5);
        Assert.Equal([-0.5f, 0.2f, 0.5f, float.NaN], a);
        Assert.Equal([-0.5f, 0.5f], b);
    }

    [Fact]
    public void The_norm_is_the_same_bits_for_every_thread_count_and_kernel_path()
    {
        var fixture = new TrainingFixture<float>(seed: 21, 3, 1000, 3 * WorkPartition.ChunkLength + 5, 17);
        fixture.ComputeGradients(0);
        var optimizer = new Optimizer<float>(new Sgd(), fixture.Parameters());
        double expected = Math.Sqrt(fixture.Gradients.SelectMany(g => g).Sum(x => (double)x * x));
        optimizer.MaxDegreeOfParallelism = 1;
        optimizer.KernelPath = KernelPath.Scalar;
        double reference = Math.Sqrt(optimizer.GradientSumOfSquares());
        Assert.Equal(expected, reference, 1e-12 * expected);
        foreach (int threads in new[] { 1, 2, 7 })
            foreach (var path in Enum.GetValues<KernelPath>())
            {
                optimizer.MaxDegreeOfParallelism = threads;
                optimizer.KernelPath = path;
                Assert.Equal(reference, GradientClipping.ClipGradNorm(optimizer, double.PositiveInfinity));
            }
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var (optimizer, a, _) = TwoTensors([3, 4], [12]);
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm(optimizer, -1)).ParamName);
        Assert.Equal("maxNorm", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm(optimizer, double.NaN)).ParamName);
        Assert.Equal("normType", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradNorm(optimizer, 1, normType: 1)).ParamName);
        Assert.Equal("clipValue", Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipGradValue(optimizer, -0.5)).ParamName);
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ClipGradNorm(null!, 1));
        Assert.Equal([3f, 4f], a);
    }
}
